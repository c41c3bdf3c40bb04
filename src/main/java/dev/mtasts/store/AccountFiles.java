package dev.mtasts.store;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.Optional;

/**
 * The ACME account of one CA directory: its key pair and account URL, under
 * {@code DIR/accounts/<server>/} (one directory per ACME directory URL, so staging and production never
 * share an account). The key is 0600, written before the URL, so a crash never leaves a URL without key.
 */
final class AccountFiles implements AccountStorage {

    static final String KEY_FILE = "account.key";
    static final String URL_FILE = "account.url";

    private final Path dir;

    AccountFiles(Path certsRoot, URI directory) {
        this.dir = certsRoot.resolve("accounts").resolve(slug(directory));
    }

    Path dir() {
        return dir;
    }

    @Override
    public Optional<KeyPair> loadKeyPair() throws StoreException {
        Path file = dir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pem.readKeyPair(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new StoreException("cannot read the ACME account key " + file + ": " + e.getMessage()
                    + " (move it away to register a new account)", e);
        }
    }

    @Override
    public void saveKeyPair(KeyPair keyPair) throws StoreException {
        write(KEY_FILE, Pem.writeKeyPair(keyPair), "key");
    }

    @Override
    public Optional<URL> loadUrl() throws StoreException {
        Path file = dir.resolve(URL_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(Files.readString(file, StandardCharsets.US_ASCII).strip()).toURL());
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cannot read the ACME account URL " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void saveUrl(URL url) throws StoreException {
        write(URL_FILE, url + "\n", "URL");
    }

    private void write(String file, String content, String what) throws StoreException {
        try {
            AtomicFiles.createPrivateDirectories(dir);
            AtomicFiles.write(dir.resolve(file), content.getBytes(StandardCharsets.US_ASCII), AtomicFiles.PRIVATE_FILE);
        } catch (IOException e) {
            throw new StoreException("cannot write the ACME account " + what + " " + dir.resolve(file) + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code https://acme-v02.api.letsencrypt.org/directory} becomes {@code acme-v02.api.letsencrypt.org_directory}. */
    static String slug(URI directory) {
        String s = directory.getHost() + (directory.getPort() < 0 ? "" : "_" + directory.getPort())
                + (directory.getPath() == null ? "" : directory.getPath());
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "_").replaceAll("_+$", "");
    }
}
