package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    static AtomicFiles.Content content(Path target, String text) {
        return new AtomicFiles.Content(target, text.getBytes(StandardCharsets.US_ASCII), AtomicFiles.PRIVATE_FILE);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFileWithItsPermissionsAndLeavesNoTemporaryFile() throws Exception {
        AtomicFiles.writeTogether(List.of(content(dir.resolve("privkey.pem"), "key"),
                new AtomicFiles.Content(dir.resolve("fullchain.pem"), "chain".getBytes(StandardCharsets.US_ASCII),
                        AtomicFiles.PUBLIC_FILE)));

        assertEquals("key", Files.readString(dir.resolve("privkey.pem")));
        assertEquals("chain", Files.readString(dir.resolve("fullchain.pem")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("privkey.pem"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("fullchain.pem"))));
        assertEquals(List.of("fullchain.pem", "privkey.pem"), names(dir));
    }

    @Test
    void touchesNoTargetWhenALaterFileCannotBePrepared() throws Exception {
        Files.writeString(dir.resolve("privkey.pem"), "old key");
        Path unwritable = dir.resolve("missing-dir").resolve("fullchain.pem");

        assertThrows(IOException.class, () -> AtomicFiles.writeTogether(
                List.of(content(dir.resolve("privkey.pem"), "new key"), content(unwritable, "new chain"))));

        assertEquals("old key", Files.readString(dir.resolve("privkey.pem")));
        assertEquals(List.of("privkey.pem"), names(dir));
    }
}
