package dev.mtasts.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded {@link CertificateStorage}: a certbot-like directory that admins can drop existing files
 * into. Per domain {@code DIR/mta-sts.<domain>/} holds {@code fullchain.pem}, {@code privkey.pem} (0600),
 * {@code pending/} and {@code previous/} pairs of a crash-safe save, {@code renewal.properties} and the
 * {@code .lock} of {@link FileLocker}; {@code DIR/accounts/<server>/} holds the ACME accounts.
 */
public final class FileStorage implements CertificateStorage {

    private static final String PREFIX = "mta-sts.";

    private final CertificateFiles pairs;
    private final RenewalStatusFile statusFile;

    public FileStorage(Path root) {
        this.pairs = new CertificateFiles(root);
        this.statusFile = new RenewalStatusFile(pairs);
    }

    public Path root() {
        return pairs.root();
    }

    /** The lock of each domain as a {@code .lock} file in its directory here. */
    public FileLocker locker() {
        return new FileLocker(pairs);
    }

    public Path fullchainPath(String domain) {
        return pairs.fullchainPath(domain);
    }

    public Path privkeyPath(String domain) {
        return pairs.privkeyPath(domain);
    }

    @Override
    public Optional<CertifiedKey> load(String domain) throws StoreException {
        return pairs.load(domain);
    }

    @Override
    public Optional<CertifiedKey> previous(String domain) {
        return pairs.previous(domain);
    }

    @Override
    public void save(String domain, CertifiedKey pair) throws StoreException {
        write("cannot store the certificate in", domain, () -> {
            pairs.save(domain, pair);
            return true;
        });
    }

    @Override
    public boolean repair(String domain) throws StoreException {
        return write("cannot finish the interrupted save in", domain, () -> pairs.repair(domain));
    }

    /** The domains of the {@code mta-sts.<domain>} directories that hold a certificate or key. */
    @Override
    public List<String> domains() throws StoreException {
        if (!Files.isDirectory(root())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))
                    .map(n -> n.substring(PREFIX.length()))
                    .filter(d -> Files.exists(fullchainPath(d)) || Files.exists(privkeyPath(d))).sorted().toList();
        } catch (IOException e) {
            throw new StoreException("cannot list " + root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RenewalStatus loadStatus(String domain) throws StoreException {
        return statusFile.load(domain);
    }

    @Override
    public void saveStatus(String domain, RenewalStatus status) throws StoreException {
        write("cannot write the renewal status in", domain, () -> {
            statusFile.save(domain, status);
            return true;
        });
    }

    /** A write to the files of one domain. */
    private interface Write {
        boolean run() throws IOException;
    }

    private boolean write(String failure, String domain, Write write) throws StoreException {
        try {
            return write.run();
        } catch (IOException e) {
            throw new StoreException(failure + " " + location(domain) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AccountStorage account(URI directory) {
        return new AccountFiles(root(), directory);
    }

    /** The domain's directory. */
    @Override
    public String location(String domain) {
        return pairs.hostDir(domain).toString();
    }

    @Override
    public Optional<String> keyExposure(String domain) {
        return pairs.keyReadableByOthers(domain) ? Optional.of(privkeyPath(domain)
                + " can be read by other users: run chmod 600 on it (and 700 on its directory)") : Optional.empty();
    }
}
