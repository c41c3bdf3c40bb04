package dev.mtasts.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Crash-safe file writes: write a temporary file beside the target, fsync it, rename it over the
 * target atomically, then fsync the directory. A reader (or a restart after kill -9) sees either the
 * old file or the new one, never a mix.
 */
public final class AtomicFiles {

    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    /** One file for {@link #writeTogether}: where it goes, its bytes and its permissions. */
    public record Content(Path target, byte[] bytes, Set<PosixFilePermission> permissions) {
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        writeTogether(List.of(new Content(target, content, permissions)));
    }

    /**
     * Writes several files so that they change as close together as possible: every temporary file is
     * written and fsynced first, and only then are they renamed into place one right after the other (no
     * I/O wait in between), then the directories are fsynced. When a temporary file cannot be prepared,
     * no target is touched.
     */
    public static void writeTogether(List<Content> files) throws IOException {
        List<Path> temps = new ArrayList<>();
        try {
            for (Content file : files) {
                temps.add(prepare(file));
            }
        } catch (IOException | RuntimeException e) {
            for (Path tmp : temps) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        for (int i = 0; i < files.size(); i++) {
            moveIntoPlace(temps.get(i), files.get(i).target());
        }
        files.stream().map(f -> f.target().toAbsolutePath().getParent()).distinct().forEach(AtomicFiles::syncDirectory);
    }

    private static Path prepare(Content file) throws IOException {
        Path tmp = file.target().toAbsolutePath().getParent().resolve("." + file.target().getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (POSIX) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(file.permissions()));
        } else {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(file.bytes());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates {@code dir} (and parents) with owner-only access when it does not exist. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateDirectories(parent);
        }
        if (POSIX) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        } else {
            Files.createDirectory(dir);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot open directories; the rename is still atomic there.
        }
    }
}
