package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded lock: a file lock in the domain's directory whose lease lasts until it is released. */
class FileLockerTest {

    @TempDir
    Path dir;

    @Test
    void eachNewHolderGetsALargerFencingToken() throws Exception {
        FileLocker locker = new FileStorage(dir).locker();
        long first;
        try (Lease lease = locker.acquire("example.test", Duration.ofMinutes(10))) {
            first = lease.fencingToken();
        }
        try (Lease lease = new FileStorage(dir).locker().acquire("example.test", Duration.ofMinutes(10))) {
            assertTrue(lease.fencingToken() > first, lease.fencingToken() + " after " + first);
        }
        assertTrue(Files.exists(dir.resolve("mta-sts.example.test").resolve(".lock")), "the lock file of the layout");
    }

    @Test
    void isHeldUntilReleasedAndThenCannotBeRenewed() throws Exception {
        Lease lease = new FileStorage(dir).locker().acquire("example.test", Duration.ofSeconds(1));
        assertTrue(lease.isHeld());
        lease.renew();

        lease.close();

        assertFalse(lease.isHeld());
        assertThrows(LeaseLostException.class, lease::renew);
    }

    @Test
    void aTokenFileThatDoesNotParseStartsTheCountAgain() throws Exception {
        Files.createDirectories(dir.resolve("mta-sts.example.test"));
        Files.writeString(dir.resolve("mta-sts.example.test").resolve(".lock"), "garbage");
        try (Lease lease = new FileStorage(dir).locker().acquire("example.test", Duration.ofMinutes(1))) {
            assertEquals(1, lease.fencingToken());
        }
    }
}
