package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports as files: {@code DIR/KEY.json} in the stored form of {@link ReportJson}, the file's modification
 * time being when it was received (retention reads it without opening the file). A report is written to a
 * temporary file and linked to its name: a second writer of the same report finds the name taken, so two
 * processes (the server and {@code reports import}) never store one report twice.
 */
public final class FileReportStore implements ReportStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileReportStore.class);
    private static final String SUFFIX = ".json";

    private final Path dir;

    /** @param dir the directory of the reports, made when the first report arrives */
    public FileReportStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public boolean add(StoredReport report) throws IOException {
        Path target = dir.resolve(report.key() + SUFFIX);
        if (Files.exists(target)) {
            return false;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".incoming-", ".tmp");
        try {
            Files.write(tmp, ReportJson.write(report));
            Files.setLastModifiedTime(tmp, FileTime.from(report.received()));
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Set<String> keys() throws IOException {
        Set<String> keys = new HashSet<>();
        for (Path p : files()) {
            String name = p.getFileName().toString();
            keys.add(name.substring(0, name.length() - SUFFIX.length()));
        }
        return keys;
    }

    @Override
    public Optional<StoredReport> read(String key) throws IOException {
        Path file = dir.resolve(key + SUFFIX);
        try {
            return Optional.of(ReportJson.read(key, Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (BadReportException e) {
            LOG.warn("stored report {} is unreadable and skipped: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<StoredReport> receivedSince(Instant since) throws IOException {
        List<StoredReport> reports = new ArrayList<>();
        for (Path p : files()) {
            if (!received(p).isBefore(since)) {
                String name = p.getFileName().toString();
                read(name.substring(0, name.length() - SUFFIX.length())).ifPresent(reports::add);
            }
        }
        reports.sort(Comparator.comparing(StoredReport::received));
        return reports;
    }

    @Override
    public int deleteReceivedBefore(Instant cutoff) throws IOException {
        int deleted = 0;
        for (Path p : files()) {
            if (received(p).isBefore(cutoff) && Files.deleteIfExists(p)) {
                deleted++;
            }
        }
        return deleted;
    }

    private static Instant received(Path file) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            return Instant.MAX; // deleted meanwhile: neither read nor deleted again
        }
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        return files;
    }
}
