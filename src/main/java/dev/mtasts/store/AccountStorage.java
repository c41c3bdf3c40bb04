package dev.mtasts.store;

import java.net.URL;
import java.security.KeyPair;
import java.util.Optional;

/**
 * The ACME account of one CA directory: its key pair and, once registered, its account URL. Part of a
 * {@link CertificateStorage}; every operation may fail or time out with a {@link StoreException}. The
 * key is saved before the URL, so a URL never exists without its key.
 */
public interface AccountStorage {

    Optional<KeyPair> loadKeyPair() throws StoreException;

    void saveKeyPair(KeyPair keyPair) throws StoreException;

    Optional<URL> loadUrl() throws StoreException;

    void saveUrl(URL url) throws StoreException;
}
