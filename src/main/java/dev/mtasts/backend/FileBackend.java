package dev.mtasts.backend;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.FileDomainStore;
import dev.mtasts.store.FileLocker;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.Locker;

/** The embedded default: the certbot-like directory, its {@code .lock} files, and challenge answers in memory. */
public final class FileBackend implements StorageBackend {

    private final FileStorage storage;
    private final FileLocker locker;
    private final ChallengeStore challenges = new InMemoryChallengeStore();
    private final FileDomainStore domains;
    private final dev.mtasts.store.FileIssuerStateStore issuerStates;

    public FileBackend(FileStorage storage) {
        this.storage = storage;
        this.locker = storage.locker();
        this.domains = new FileDomainStore(storage.root());
        this.issuerStates = new dev.mtasts.store.FileIssuerStateStore(storage.root());
    }

    @Override
    public DomainStore domains() {
        return domains;
    }

    @Override
    public dev.mtasts.store.IssuerStateStore issuerStates() {
        return issuerStates;
    }

    @Override
    public CertificateStorage certificates() {
        return storage;
    }

    public FileStorage files() {
        return storage;
    }

    @Override
    public Locker locker() {
        return locker;
    }

    @Override
    public ChallengeStore challenges() {
        return challenges;
    }

    @Override
    public void watch(CertificateChangeListener listener) {
        // one process writes this directory (and a cron renew under the same lock): nothing to watch
    }

    @Override
    public boolean up() {
        return true;
    }

    @Override
    public String describe() {
        return "files in " + storage.root();
    }

    @Override
    public void close() {
    }
}
