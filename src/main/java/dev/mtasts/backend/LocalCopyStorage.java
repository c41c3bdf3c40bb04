package dev.mtasts.backend;

import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared storage with a local copy of every pair it hands out or stores, in the replica's certificate
 * directory: when the shared storage cannot be read (a database that is down, also at start), the pairs
 * come from the copy, so a replica keeps serving what it had (and a domain without a copy reads as having
 * none, so the server presents a temporary stand-in until the storage is back). Accounts and renewal status are not copied:
 * without the shared storage no renewal runs anyway (its lease cannot be taken).
 */
public final class LocalCopyStorage implements CertificateStorage {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCopyStorage.class);
    private static final String UNREACHABLE = "the shared storage is unreachable";

    private final CertificateStorage shared;
    private final FileStorage copy;
    private final BooleanSupplier sharedUp;

    /**
     * @param sharedUp whether the shared storage answered its last request: while it did not, reads go to
     *     the copy at once instead of each waiting for a connection time-out (the shared storage's own
     *     polling finds it back, and then announces every certificate again)
     */
    public LocalCopyStorage(CertificateStorage shared, FileStorage copy, BooleanSupplier sharedUp) {
        this.shared = shared;
        this.copy = copy;
        this.sharedUp = sharedUp;
    }

    @Override
    public Optional<CertifiedKey> load(String domain) throws StoreException {
        if (!sharedUp.getAsBoolean()) {
            return fromCopy(domain, UNREACHABLE);
        }
        try {
            Optional<CertifiedKey> pair = shared.load(domain);
            pair.ifPresent(p -> keepCopy(domain, p));
            return pair;
        } catch (StoreException e) {
            return fromCopy(domain, e.getMessage());
        }
    }

    /** The local copy, logged with why the shared storage was not read; none when there is no copy either. */
    private Optional<CertifiedKey> fromCopy(String domain, String why) throws StoreException {
        Optional<CertifiedKey> local = copy.load(domain);
        if (local.isEmpty()) {
            LOG.warn("{}: {}; no local copy in {} either: none to serve until the shared storage answers",
                    domain, why, copy.location(domain));
        } else {
            LOG.warn("{}: {}; using the local copy in {} (valid until {})", domain, why, copy.location(domain),
                    local.get().notAfter());
        }
        return local;
    }

    /** Writes {@code pair} to the local copy unless it holds that very certificate already; a failure is only logged. */
    private void keepCopy(String domain, CertifiedKey pair) {
        try {
            Optional<CertifiedKey> local = copy.load(domain);
            if (local.isEmpty() || !local.get().leaf().equals(pair.leaf())) {
                copy.save(domain, pair);
            }
        } catch (StoreException e) {
            LOG.warn("{}: cannot update the local copy: {}", domain, e.getMessage());
        }
    }

    @Override
    public Optional<CertifiedKey> previous(String domain) throws StoreException {
        return shared.previous(domain);
    }

    @Override
    public void save(String domain, CertifiedKey pair) throws StoreException {
        shared.save(domain, pair);
        keepCopy(domain, pair);
    }

    @Override
    public void save(String domain, CertifiedKey pair, long fencingToken) throws StoreException {
        shared.save(domain, pair, fencingToken);
        keepCopy(domain, pair);
    }

    @Override
    public boolean repair(String domain) throws StoreException {
        return shared.repair(domain);
    }

    /** The shared storage's domains; the local copy's while it cannot be read. */
    @Override
    public List<String> domains() throws StoreException {
        if (!sharedUp.getAsBoolean()) {
            return copyDomains(UNREACHABLE);
        }
        try {
            return shared.domains();
        } catch (StoreException e) {
            return copyDomains(e.getMessage());
        }
    }

    private List<String> copyDomains(String why) throws StoreException {
        LOG.warn("{}; listing the local copy in {}", why, copy.root());
        return copy.domains();
    }

    @Override
    public RenewalStatus loadStatus(String domain) throws StoreException {
        return shared.loadStatus(domain);
    }

    @Override
    public void saveStatus(String domain, RenewalStatus status) throws StoreException {
        shared.saveStatus(domain, status);
    }

    @Override
    public void saveStatus(String domain, RenewalStatus status, long fencingToken) throws StoreException {
        shared.saveStatus(domain, status, fencingToken);
    }

    @Override
    public AccountStorage account(URI directory) {
        return shared.account(directory);
    }

    @Override
    public String location(String domain) {
        return shared.location(domain);
    }

    @Override
    public Optional<String> keyExposure(String domain) {
        return copy.keyExposure(domain);
    }
}
