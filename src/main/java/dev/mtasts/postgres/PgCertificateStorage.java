package dev.mtasts.postgres;

import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.Pem;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificates, keys, renewal status and ACME accounts of the cluster, in the {@code certificates},
 * {@code renewal_status}, {@code renewal_history} and {@code acme_accounts} tables.
 *
 * <p>A row holds the pair to serve and the one served before it: a save moves the current pair into the
 * {@code previous_*} columns in the same statement (unless the same chain is saved again, which keeps the
 * previous pair), so a reader sees the old or the new state and nothing needs {@link #repair}. A pair whose
 * key does not belong to its leaf is refused on save and reported on load. Private keys are PEM, encrypted
 * with {@link KeyCipher} when the replicas have a key file (associated data {@code certificate:DOMAIN}).
 * Saves and status writes are fenced as {@link FencedWrites} explains (the unfenced overloads carry token 0);
 * every stored certificate and every refused write adds a {@code renewal_history} line.
 */
final class PgCertificateStorage implements CertificateStorage {

    private static final String UPSERT = "INSERT INTO certificates AS old (domain, fullchain, privkey, key_encrypted,"
            + " serial, not_after, fencing_token, stored_by, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())"
            + " ON CONFLICT (domain) DO UPDATE SET"
            + " previous_fullchain = CASE WHEN old.fullchain = excluded.fullchain THEN old.previous_fullchain"
            + " ELSE old.fullchain END,"
            + " previous_privkey = CASE WHEN old.fullchain = excluded.fullchain THEN old.previous_privkey"
            + " ELSE old.privkey END,"
            + " previous_key_encrypted = CASE WHEN old.fullchain = excluded.fullchain THEN old.previous_key_encrypted"
            + " ELSE old.key_encrypted END,"
            + " fullchain = excluded.fullchain, privkey = excluded.privkey, key_encrypted = excluded.key_encrypted,"
            + " serial = excluded.serial, not_after = excluded.not_after, fencing_token = excluded.fencing_token,"
            + " stored_by = excluded.stored_by, stored_at = now()"
            + " WHERE old.fencing_token <= excluded.fencing_token";

    private final Database db;
    private final KeyCipher cipher;
    private final String node;
    private final FencedWrites fenced;
    private final RenewalStatusRows status;

    PgCertificateStorage(Database db, KeyCipher cipher, String node) {
        this.db = db;
        this.cipher = cipher;
        this.node = node;
        this.fenced = new FencedWrites(db, node);
        this.status = new RenewalStatusRows(db, fenced, node);
    }

    /** A pair as a row holds it. */
    private record StoredPair(String fullchain, byte[] privkey, boolean encrypted) {
    }

    @Override
    public Optional<CertifiedKey> load(String domain) throws StoreException {
        Optional<StoredPair> row = read(domain, "fullchain, privkey, key_encrypted", "read the certificate of " + domain);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        CertifiedKey pair = parse(domain, row.get());
        if (!pair.keyMatchesLeaf()) {
            throw new StoreException("the private key stored for " + location(domain)
                    + " does not belong to its certificate");
        }
        return Optional.of(pair);
    }

    /** The previous pair; empty when there is none or it does not parse or match (a key file problem is thrown). */
    @Override
    public Optional<CertifiedKey> previous(String domain) throws StoreException {
        Optional<StoredPair> row = read(domain, "previous_fullchain, previous_privkey, previous_key_encrypted",
                "read the previous certificate of " + domain);
        if (row.isEmpty() || row.get().fullchain() == null || row.get().privkey() == null) {
            return Optional.empty();
        }
        byte[] key = cipher.open(row.get().privkey(), row.get().encrypted(), binding(domain));
        try {
            CertifiedKey pair = pair(row.get().fullchain(), key);
            return pair.keyMatchesLeaf() ? Optional.of(pair) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<StoredPair> read(String domain, String columns, String what) throws StoreException {
        return db.call(what, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM certificates WHERE domain = ?")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new StoredPair(r.getString(1), r.getBytes(2), r.getBoolean(3)))
                            : Optional.empty();
                }
            }
        });
    }

    private CertifiedKey parse(String domain, StoredPair row) throws StoreException {
        byte[] key = cipher.open(row.privkey(), row.encrypted(), binding(domain));
        try {
            return pair(row.fullchain(), key);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cannot read the certificate and key of " + location(domain) + ": "
                    + e.getMessage(), e);
        }
    }

    private static CertifiedKey pair(String fullchain, byte[] key) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(fullchain);
        if (chain.isEmpty()) {
            throw new IOException("the stored chain holds no PEM certificate");
        }
        return new CertifiedKey(Pem.readPrivateKey(new String(key, StandardCharsets.US_ASCII)), chain);
    }

    /** The associated data that binds a sealed key to its row. */
    static String binding(String domain) {
        return "certificate:" + domain;
    }

    @Override
    public void save(String domain, CertifiedKey pair) throws StoreException {
        save(domain, pair, FencedWrites.UNFENCED);
    }

    @Override
    public void save(String domain, CertifiedKey pair, long fencingToken) throws StoreException {
        if (!pair.keyMatchesLeaf()) {
            throw new StoreException("refused to store a certificate for " + domain
                    + " whose private key does not belong to it");
        }
        String fullchain = Pem.writeChain(pair.chain());
        KeyCipher.Sealed key = cipher.seal(Pem.write(pair.key()).getBytes(StandardCharsets.US_ASCII), binding(domain));
        String serial = pair.leaf().getSerialNumber().toString(16);
        String detail = "serial " + serial + ", not after " + pair.notAfter() + ", fencing token " + fencingToken
                + (key.encrypted() ? ", key encrypted" : ", key not encrypted");
        fenced.write("store the certificate of " + domain, domain, fencingToken, "certificates", "stored_by", c -> {
            try (PreparedStatement s = c.prepareStatement(UPSERT)) {
                s.setString(1, domain);
                s.setString(2, fullchain);
                s.setBytes(3, key.bytes());
                s.setBoolean(4, key.encrypted());
                s.setString(5, serial);
                s.setObject(6, pair.notAfter().atOffset(ZoneOffset.UTC));
                s.setLong(7, fencingToken);
                s.setString(8, node);
                return s.executeUpdate();
            }
        }, Optional.of(detail));
    }

    /** Nothing to finish: a save is one transaction. */
    @Override
    public boolean repair(String domain) {
        return false;
    }

    @Override
    public List<String> domains() throws StoreException {
        return db.call("list the stored certificates", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT domain FROM certificates ORDER BY domain COLLATE \"C\"");
                    ResultSet r = s.executeQuery()) {
                List<String> domains = new ArrayList<>();
                while (r.next()) {
                    domains.add(r.getString(1));
                }
                return List.copyOf(domains);
            }
        });
    }

    @Override
    public RenewalStatus loadStatus(String domain) throws StoreException {
        return status.load(domain);
    }

    @Override
    public void saveStatus(String domain, RenewalStatus renewalStatus) throws StoreException {
        status.save(domain, renewalStatus, FencedWrites.UNFENCED);
    }

    @Override
    public void saveStatus(String domain, RenewalStatus renewalStatus, long fencingToken) throws StoreException {
        status.save(domain, renewalStatus, fencingToken);
    }

    @Override
    public AccountStorage account(URI directory) {
        return new PgAccountStorage(db, cipher, directory);
    }

    @Override
    public String location(String domain) {
        return "domain " + domain + " in " + db.describe();
    }

    /** Nothing to warn about here: who may read the database is the database's access control. */
    @Override
    public Optional<String> keyExposure(String domain) {
        return Optional.empty();
    }
}
