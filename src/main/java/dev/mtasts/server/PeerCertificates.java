package dev.mtasts.server;

import dev.mtasts.backend.CertificateChangeListener;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.StoreException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates that another replica stored in the shared storage: each is read back and swapped in when it
 * differs from the one served (the storage is the truth; {@link ServerRuntime#installCertificate} refuses
 * one that does not cover the host or is older). Called on the storage's watcher thread.
 */
public final class PeerCertificates implements CertificateChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCertificates.class);

    private final CertificateStorage storage;
    private final ServerRuntime runtime;

    public PeerCertificates(CertificateStorage storage, ServerRuntime runtime) {
        this.storage = storage;
        this.runtime = runtime;
    }

    @Override
    public void certificateChanged(String domain) {
        Optional<CertifiedKey> pair;
        try {
            pair = storage.load(domain);
        } catch (StoreException e) {
            LOG.warn("{}: a new certificate was announced but cannot be read: {}", domain, e.getMessage());
            return;
        }
        if (pair.isEmpty()) {
            return;
        }
        runtime.installCertificate(domain, pair.get());
    }
}
