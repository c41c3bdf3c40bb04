package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.Lease;
import dev.mtasts.store.LeaseHolder;
import dev.mtasts.store.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class PgLockerTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @Test
    void onlyOneOfTwoReplicasHoldsADomain() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a");
                Replica b = Replica.of(test, "node-b");
                Lease held = a.locker.acquire("example.org", LEASE)) {
            try (Waiter waiting = new Waiter(b, "example.org")) {
                assertThrows(TimeoutException.class, () -> waiting.lease.get(1, TimeUnit.SECONDS));
                try (Lease other = b.locker.acquire("example.net", LEASE)) {
                    assertTrue(other.isHeld(), "another domain is free");
                }
            }
        }
    }

    @Test
    void closingALeaseLetsTheNextReplicaInAtOnce() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a");
                Replica b = Replica.of(test, "node-b")) {
            Lease first = a.locker.acquire("example.org", Duration.ofMinutes(10));
            try (Waiter waiting = new Waiter(b, "example.org")) {
                Thread.sleep(300);

                first.close();

                Lease second = waiting.lease.get(1500, TimeUnit.MILLISECONDS);
                assertEquals(first.fencingToken() + 1, second.fencingToken());
                assertFalse(first.isHeld());
            }
        }
    }

    @Test
    void aTakeoverAfterExpiryGetsABiggerTokenAndTheOldLeaseCannotRenew() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a");
                Replica b = Replica.of(test, "node-b")) {
            Lease stale = a.locker.acquire("example.org", LEASE);
            a.locker.close(); // no more heartbeats: node-a is paused as far as the database can tell
            Instant asked = Instant.now();

            try (Lease taken = b.locker.acquire("example.org", LEASE)) {
                assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofMillis(1500)) > 0,
                        "taken only once expired");
                assertTrue(taken.fencingToken() > stale.fencingToken());
                assertFalse(stale.isHeld(), "the local deadline has passed");
                assertThrows(LeaseLostException.class, stale::renew);
                assertEquals("node-b", b.locker.holder("example.org").orElseThrow().holder());
            }
        }
    }

    @Test
    void heartbeatsKeepALeaseHeldPastItsLeaseTime() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a");
                Replica b = Replica.of(test, "node-b");
                Lease held = a.locker.acquire("example.org", LEASE)) {
            try (Waiter waiting = new Waiter(b, "example.org")) {
                Thread.sleep(LEASE.toMillis() * 2);

                assertTrue(held.isHeld());
                assertFalse(waiting.lease.isDone(), "node-b still waits");
                held.renew();
            }
        }
    }

    @Test
    void holderNamesTheReplicaAndTokenUntilReleased() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a")) {
            assertTrue(a.locker.holder("example.org").isEmpty());
            Lease lease = a.locker.acquire("example.org", LEASE);

            LeaseHolder holder = a.locker.holder("example.org").orElseThrow();

            assertEquals("node-a", holder.holder());
            assertEquals(lease.fencingToken(), holder.token());
            assertTrue(holder.expiresAt().isAfter(Instant.now().minusSeconds(1)));
            assertEquals(java.util.Map.of("example.org", holder), a.locker.holders());
            lease.close();
            assertTrue(a.locker.holder("example.org").isEmpty());
            assertTrue(a.locker.holders().isEmpty());
            assertThrows(LeaseLostException.class, lease::renew);
        }
    }

    @Test
    void waitingForALeaseEndsWithInterruptedException() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a");
                Replica b = Replica.of(test, "node-b");
                Lease held = a.locker.acquire("example.org", LEASE)) {
            Waiter waiting = new Waiter(b, "example.org");
            Thread.sleep(300);

            waiting.close();

            ExecutionException failed = assertThrows(ExecutionException.class, waiting.lease::get);
            assertTrue(failed.getCause() instanceof InterruptedException, failed.getCause().toString());
        }
    }

    /** A thread of {@code replica} waiting for the lease; {@link #close} interrupts it and releases what it got. */
    private static final class Waiter implements AutoCloseable {

        final CompletableFuture<Lease> lease = new CompletableFuture<>();
        private final Thread thread;

        Waiter(Replica replica, String domain) {
            thread = new Thread(() -> {
                try {
                    lease.complete(replica.locker.acquire(domain, LEASE));
                } catch (Exception e) {
                    lease.completeExceptionally(e);
                }
            });
            thread.start();
        }

        @Override
        public void close() throws Exception {
            thread.interrupt();
            thread.join();
            if (!lease.isCompletedExceptionally()) {
                lease.get().close();
            }
        }
    }
}
