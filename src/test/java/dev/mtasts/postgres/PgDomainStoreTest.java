package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.store.RuntimeDomain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class PgDomainStoreTest {

    private static final Instant ADDED = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final Policy POLICY = Policy.of(Mode.ENFORCE, List.of("mail.example.net"), 604800);

    @Test
    void anEntryRoundTripsWithItsPolicyOrTheTemplateAndIsGoneAfterRemove() throws Exception {
        try (PgStore db = new PgStore(TestDatabase.create(), "node-a")) {
            PgDomainStore store = new PgDomainStore(db.database);
            RuntimeDomain own = new RuntimeDomain("Example.ORG", Optional.of(POLICY), RuntimeDomain.Origin.API, ADDED);
            RuntimeDomain template = new RuntimeDomain("customer.example", Optional.empty(),
                    RuntimeDomain.Origin.ON_DEMAND, ADDED);
            store.put(own);
            store.put(template);

            assertEquals(Optional.of(own), store.find("example.org"));
            assertEquals(2, store.all().domains().size());
            assertTrue(store.all().domains().contains(template));

            assertTrue(store.remove("example.org"));
            assertFalse(store.remove("example.org"));
            assertEquals(Optional.empty(), store.find("example.org"));
            assertEquals(List.of(template), store.all().domains());

            store.put(own); // added again after a removal
            assertEquals(Optional.of(own), store.find("example.org"));
        }
    }

    @Test
    void anotherReplicaLearnsOfAddsAndRemovesThroughTheChangeFeed() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica writer = Replica.of(test, "node-a");
                Replica reader = Replica.of(test, "node-b")) {
            PgDomainStore store = new PgDomainStore(writer.db);
            store.put(new RuntimeDomain("early.example", Optional.empty(), RuntimeDomain.Origin.ON_DEMAND, ADDED));
            Map<String, Optional<RuntimeDomain>> seen = new ConcurrentHashMap<>();
            reader.feed.watchDomains(seen::put);
            reader.feed.start();
            assertTrue(PgChallengeStoreTest.eventually(() -> seen.containsKey("early.example"), Duration.ofSeconds(3)),
                    "the first poll reports the domains stored before it");

            RuntimeDomain added = new RuntimeDomain("example.org", Optional.of(POLICY), RuntimeDomain.Origin.API, ADDED);
            store.put(added);
            assertTrue(PgChallengeStoreTest.eventually(() -> Optional.of(added).equals(seen.get("example.org")),
                    Duration.ofSeconds(3)));

            store.remove("example.org");
            assertTrue(PgChallengeStoreTest.eventually(() -> Optional.empty().equals(seen.get("example.org")),
                    Duration.ofSeconds(3)), "a removal is reported as an empty entry");
        }
    }
}
