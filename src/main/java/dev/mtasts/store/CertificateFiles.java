package dev.mtasts.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The certificate pairs of {@link FileStorage}, in the certbot layout, so admins can drop existing files in:
 * {@code DIR/mta-sts.<domain>/fullchain.pem} and {@code DIR/mta-sts.<domain>/privkey.pem}. Keys are
 * written 0600 in 0700 directories; every write is atomic.
 *
 * <p>A save is crash-safe as a whole: the new pair is first written complete to {@code pending/}, the
 * current pair is kept in {@code previous/}, then the key and the chain are renamed into place. A crash
 * between the two renames leaves a key that does not match the chain; {@link #load} then serves the
 * pending (or previous) pair and {@link #repair} finishes the interrupted save.
 */
final class CertificateFiles {

    static final String FULLCHAIN = "fullchain.pem";
    static final String PRIVKEY = "privkey.pem";
    static final String PENDING = "pending";
    static final String PREVIOUS = "previous";

    private final Path root;

    CertificateFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The directory of the policy host {@code mta-sts.<domain>}. */
    Path hostDir(String domain) {
        return root.resolve("mta-sts." + domain);
    }

    Path fullchainPath(String domain) {
        return hostDir(domain).resolve(FULLCHAIN);
    }

    Path privkeyPath(String domain) {
        return hostDir(domain).resolve(PRIVKEY);
    }

    /**
     * The pair to serve, or empty when neither file exists. When the current files do not match (a crash
     * in the middle of a save), the complete pending pair or else the previous pair is returned; this
     * method never writes.
     */
    Optional<CertifiedKey> load(String domain) throws StoreException {
        Path dir = hostDir(domain);
        if (!Files.exists(dir.resolve(FULLCHAIN)) && !Files.exists(dir.resolve(PRIVKEY))) {
            return Optional.empty();
        }
        StoreException problem;
        try {
            CertifiedKey pair = readPair(dir);
            if (pair.keyMatchesLeaf()) {
                return Optional.of(pair);
            }
            problem = new StoreException(dir.resolve(PRIVKEY) + " does not belong to the certificate in "
                    + dir.resolve(FULLCHAIN));
        } catch (StoreException e) {
            problem = e;
        }
        Optional<CertifiedKey> fallback = matchingPair(dir.resolve(PENDING)).or(() -> matchingPair(dir.resolve(PREVIOUS)));
        if (fallback.isPresent()) {
            return fallback;
        }
        throw problem;
    }

    /**
     * Finishes a save interrupted by a crash: installs a complete pending pair when the current pair is
     * broken or older, and removes the pending files. Call while holding the domain's lease.
     *
     * @return whether the current files were rewritten
     */
    boolean repair(String domain) throws IOException {
        Path dir = hostDir(domain);
        Optional<CertifiedKey> pending = matchingPair(dir.resolve(PENDING));
        if (pending.isEmpty()) {
            deletePair(dir.resolve(PENDING));
            return false;
        }
        Optional<CertifiedKey> current = matchingPair(dir);
        boolean install = current.isEmpty() || current.get().notBefore().isBefore(pending.get().notBefore());
        if (install) {
            writePair(dir, pending.get());
        }
        deletePair(dir.resolve(PENDING));
        return install;
    }

    /**
     * Whether the private key file can be read by users other than its owner (group or others), e.g. a
     * key copied in with mode 0644. The server still serves it, but says so.
     */
    boolean keyReadableByOthers(String domain) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(privkeyPath(domain));
            return mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The pair that was served before the last save, if it is intact. */
    Optional<CertifiedKey> previous(String domain) {
        return matchingPair(hostDir(domain).resolve(PREVIOUS));
    }

    /** Saves the pair crash-safely: pending copy, previous pair kept, key then chain renamed in place. */
    void save(String domain, CertifiedKey pair) throws IOException {
        Path dir = hostDir(domain);
        AtomicFiles.createPrivateDirectories(dir);
        Optional<CertifiedKey> current = matchingPair(dir);
        if (current.isPresent()) {
            writePair(dir.resolve(PREVIOUS), current.get());
        }
        writePair(dir.resolve(PENDING), pair);
        writePair(dir, pair);
        deletePair(dir.resolve(PENDING));
    }

    private static void writePair(Path dir, CertifiedKey pair) throws IOException {
        AtomicFiles.createPrivateDirectories(dir);
        // both files are written and synced before either is renamed: a kill leaves a mismatched pair only
        // between two rename calls (microseconds) instead of across the chain's write and fsync
        AtomicFiles.writeTogether(List.of(
                new AtomicFiles.Content(dir.resolve(PRIVKEY), Pem.write(pair.key()).getBytes(StandardCharsets.US_ASCII),
                        AtomicFiles.PRIVATE_FILE),
                new AtomicFiles.Content(dir.resolve(FULLCHAIN),
                        Pem.writeChain(pair.chain()).getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC_FILE)));
    }

    private static void deletePair(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FULLCHAIN));
        Files.deleteIfExists(dir.resolve(PRIVKEY));
        Files.deleteIfExists(dir);
    }

    private static Optional<CertifiedKey> matchingPair(Path dir) {
        try {
            if (!Files.exists(dir.resolve(FULLCHAIN)) || !Files.exists(dir.resolve(PRIVKEY))) {
                return Optional.empty();
            }
            CertifiedKey pair = readPair(dir);
            return pair.keyMatchesLeaf() ? Optional.of(pair) : Optional.empty();
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    private static CertifiedKey readPair(Path dir) throws StoreException {
        return new CertifiedKey(readKey(dir.resolve(PRIVKEY)), readChain(dir.resolve(FULLCHAIN)));
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
