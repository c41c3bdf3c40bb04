package dev.mtasts.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Certificates on disk in the certbot layout, so admins can drop existing files in:
 * {@code DIR/mta-sts.<domain>/fullchain.pem} and {@code DIR/mta-sts.<domain>/privkey.pem}. Keys are
 * written 0600 in 0700 directories; every write is atomic.
 */
public final class CertificateStore {

    public static final String FULLCHAIN = "fullchain.pem";
    public static final String PRIVKEY = "privkey.pem";

    private final Path root;

    public CertificateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The directory of the policy host {@code mta-sts.<domain>}. */
    public Path hostDir(String domain) {
        return root.resolve("mta-sts." + domain);
    }

    public Path fullchainPath(String domain) {
        return hostDir(domain).resolve(FULLCHAIN);
    }

    public Path privkeyPath(String domain) {
        return hostDir(domain).resolve(PRIVKEY);
    }

    public boolean exists(String domain) {
        return Files.exists(fullchainPath(domain)) || Files.exists(privkeyPath(domain));
    }

    /** The stored pair, or empty when neither file exists. */
    public Optional<CertifiedKey> load(String domain) throws StoreException {
        Path chainFile = fullchainPath(domain);
        Path keyFile = privkeyPath(domain);
        if (!Files.exists(chainFile) && !Files.exists(keyFile)) {
            return Optional.empty();
        }
        List<X509Certificate> chain = readChain(chainFile);
        PrivateKey key = readKey(keyFile);
        CertifiedKey pair = new CertifiedKey(key, chain);
        if (!pair.keyMatchesLeaf()) {
            throw new StoreException(keyFile + " does not belong to the certificate in " + chainFile);
        }
        return Optional.of(pair);
    }

    /** Writes the pair atomically file by file: the key first, then the chain that uses it. */
    public void save(String domain, CertifiedKey pair) throws IOException {
        Path dir = hostDir(domain);
        AtomicFiles.createPrivateDirectories(dir);
        AtomicFiles.write(privkeyPath(domain), Pem.write(pair.key()).getBytes(StandardCharsets.US_ASCII),
                AtomicFiles.PRIVATE_FILE);
        AtomicFiles.write(fullchainPath(domain), Pem.writeChain(pair.chain()).getBytes(StandardCharsets.US_ASCII),
                AtomicFiles.PUBLIC_FILE);
    }

    private static List<X509Certificate> readChain(Path file) throws StoreException {
        try {
            List<X509Certificate> chain = Pem.readCertificates(Files.readString(file, StandardCharsets.US_ASCII));
            if (chain.isEmpty()) {
                throw new StoreException(file + " contains no PEM certificate");
            }
            return chain;
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + describe(e), e);
        }
    }

    private static PrivateKey readKey(Path file) throws StoreException {
        try {
            return Pem.readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "file not found"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage());
    }
}
