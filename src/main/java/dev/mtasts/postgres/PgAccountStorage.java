package dev.mtasts.postgres;

import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.Pem;
import dev.mtasts.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The ACME account of one CA directory in the {@code acme_accounts} row keyed by the directory URL: the key
 * pair as PEM (sealed by {@link KeyCipher} with associated data {@code account:DIRECTORY}) and the account
 * URL. A key pair other than the stored one clears the URL, which names the account of the old key; saving
 * the same key pair again keeps it (a repeated {@code storage migrate}).
 */
final class PgAccountStorage implements AccountStorage {

    private final Database db;
    private final KeyCipher cipher;
    private final String directory;

    PgAccountStorage(Database db, KeyCipher cipher, URI directory) {
        this.db = db;
        this.cipher = cipher;
        this.directory = directory.toString();
    }

    @Override
    public Optional<KeyPair> loadKeyPair() throws StoreException {
        return column("read the ACME account key of ", "key_pair, key_encrypted", "key_pair",
                r -> keyPair(r.getBytes(1), r.getBoolean(2)));
    }

    /** A value read from this directory's row when {@code notNull} is set, else empty. */
    private <T> Optional<T> column(String what, String columns, String notNull, Column<T> value) throws StoreException {
        return db.call(what + directory, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM acme_accounts WHERE directory = ?"
                    + " AND " + notNull + " IS NOT NULL")) {
                s.setString(1, directory);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(value.read(r)) : Optional.empty();
                }
            }
        });
    }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet row) throws SQLException, StoreException;
    }

    private KeyPair keyPair(byte[] stored, boolean encrypted) throws StoreException {
        try {
            return Pem.readKeyPair(new String(cipher.open(stored, encrypted, binding()), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new StoreException("cannot read the ACME account key of " + directory + " in " + db.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private String binding() {
        return "account:" + directory;
    }

    @Override
    public void saveKeyPair(KeyPair keyPair) throws StoreException {
        KeyCipher.Sealed sealed = cipher.seal(Pem.writeKeyPair(keyPair).getBytes(StandardCharsets.US_ASCII), binding());
        db.runTransaction("store the ACME account key of " + directory, c -> {
            boolean same = false;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT key_pair, key_encrypted FROM acme_accounts WHERE directory = ? FOR UPDATE")) {
                s.setString(1, directory);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getBytes(1) != null) {
                        same = samePublicKey(r.getBytes(1), r.getBoolean(2), keyPair);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO acme_accounts AS old (directory, key_pair,"
                    + " key_encrypted) VALUES (?, ?, ?) ON CONFLICT (directory) DO UPDATE SET key_pair = excluded.key_pair,"
                    + " key_encrypted = excluded.key_encrypted,"
                    + " account_url = CASE WHEN ? THEN old.account_url ELSE NULL END")) {
                s.setString(1, directory);
                s.setBytes(2, sealed.bytes());
                s.setBoolean(3, sealed.encrypted());
                s.setBoolean(4, same);
                s.executeUpdate();
            }
        });
    }

    /** Whether the stored key is {@code keyPair}'s; a stored key this replica cannot read counts as another. */
    private boolean samePublicKey(byte[] stored, boolean encrypted, KeyPair keyPair) {
        try {
            return Arrays.equals(keyPair(stored, encrypted).getPublic().getEncoded(), keyPair.getPublic().getEncoded());
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public Optional<URL> loadUrl() throws StoreException {
        Optional<String> url = column("read the ACME account URL of ", "account_url", "account_url", r -> r.getString(1));
        try {
            return url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url.get().strip()).toURL());
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cannot read the ACME account URL of " + directory + " in " + db.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Sets the URL of the stored account; refused when no key pair is stored (the key comes first). */
    @Override
    public void saveUrl(URL url) throws StoreException {
        int rows = db.call("store the ACME account URL of " + directory, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE acme_accounts SET account_url = ? WHERE directory = ? AND key_pair IS NOT NULL")) {
                s.setString(1, url.toString());
                s.setString(2, directory);
                return s.executeUpdate();
            }
        });
        if (rows == 0) {
            throw new StoreException("cannot store the ACME account URL of " + directory + " in " + db.describe()
                    + ": no account key is stored for it (the key is saved first)");
        }
    }
}
