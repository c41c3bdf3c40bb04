package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.IssuerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issuer states in PostgreSQL: what one replica writes the other reads, and concurrent changes never lose one. */
@Tag("postgres")
class PgIssuerStateStoreTest {

    static final Instant T = Instant.parse("2026-12-03T10:00:00.123Z");

    @Test
    void aBreakerOpenedByOneReplicaIsSeenByTheOther() throws Exception {
        try (TestDatabase test = TestDatabase.create(); PgStore a = new PgStore(test, "node-a");
                PgStore b = new PgStore(test, "node-b")) {
            PgIssuerStateStore first = new PgIssuerStateStore(a.database, "node-a");
            PgIssuerStateStore second = new PgIssuerStateStore(b.database, "node-b");
            assertEquals(IssuerState.FRESH, second.load("ca1"));
            first.update("ca1", s -> s.withBreaker(Optional.of(T), Optional.of(T.plusSeconds(30)),
                    Optional.of("connection refused")));
            IssuerState seen = second.load("ca1");
            assertTrue(seen.breakerOpen());
            assertEquals(Optional.of(T.plusSeconds(30)), seen.nextProbe());
            assertEquals(IssuerState.FRESH, second.load("ca2"));
        }
    }

    @Test
    void concurrentOrdersFromTwoReplicasAreAllCounted() throws Exception {
        try (TestDatabase test = TestDatabase.create(); PgStore a = new PgStore(test, "node-a");
                PgStore b = new PgStore(test, "node-b")) {
            List<PgIssuerStateStore> stores = List.of(new PgIssuerStateStore(a.database, "node-a"),
                    new PgIssuerStateStore(b.database, "node-b"));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    PgIssuerStateStore store = stores.get(i % 2);
                    Instant at = T.plusMillis(i);
                    done.add(pool.submit(() -> store.update("ca1", s -> {
                        List<Instant> orders = new ArrayList<>(s.orders());
                        orders.add(at);
                        return s.withOrders(orders);
                    })));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(40, stores.get(0).load("ca1").orders().size(), "a row lock per change: no update lost");
        }
    }
}
