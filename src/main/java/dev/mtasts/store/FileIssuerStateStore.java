package dev.mtasts.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The embedded {@link IssuerStateStore}: {@code CERTS_DIR/issuers/NAME.state} in {@link IssuerStateText}
 * form, written atomically, changed under an exclusive file lock on {@code NAME.lock} (so {@code serve} and a
 * cron {@code renew} share one breaker and budget) and a lock per issuer inside the process (file locks are
 * per process). Survives a restart; a file that cannot be read is reported, never silently replaced.
 */
public final class FileIssuerStateStore implements IssuerStateStore {

    static final String DIRECTORY = "issuers";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final Path dir;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public FileIssuerStateStore(Path certsDir) {
        this.dir = certsDir.resolve(DIRECTORY);
    }

    @Override
    public IssuerState load(String issuer) throws StoreException {
        Path file = file(issuer);
        try {
            return IssuerStateText.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return IssuerState.FRESH;
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage()
                    + " (delete it to forget this issuer's breaker and budget)", e);
        }
    }

    @Override
    public IssuerState update(String issuer, UnaryOperator<IssuerState> change) throws StoreException {
        ReentrantLock inProcess = locks.computeIfAbsent(issuer, k -> new ReentrantLock());
        inProcess.lock();
        try {
            AtomicFiles.createPrivateDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(issuer + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                IssuerState next = change.apply(load(issuer));
                AtomicFiles.write(file(issuer), IssuerStateText.write(next).getBytes(StandardCharsets.UTF_8),
                        AtomicFiles.PUBLIC_FILE);
                return next;
            }
        } catch (IOException e) {
            throw new StoreException("cannot write the state of issuer " + issuer + " in " + dir + ": "
                    + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    private Path file(String issuer) {
        if (!NAME.matcher(issuer).matches()) {
            throw new IllegalArgumentException("issuer name '" + issuer + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        return dir.resolve(issuer + ".state");
    }
}
