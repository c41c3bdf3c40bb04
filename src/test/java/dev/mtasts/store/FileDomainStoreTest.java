package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDomainStoreTest {

    private static final Instant ADDED = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final Policy POLICY = Policy.of(Mode.TESTING, List.of("mail.example.net", "*.example.net"), 86400);

    @TempDir
    Path certs;

    @Test
    void anEntryIsOneReadableFileThatRoundTrips() throws Exception {
        FileDomainStore store = new FileDomainStore(certs);
        RuntimeDomain entry = new RuntimeDomain("Example.ORG.", Optional.of(POLICY), RuntimeDomain.Origin.API, ADDED);

        store.put(entry);

        Path file = certs.resolve("domains/example.org");
        assertEquals("origin: api\nadded: 2026-12-03T10:00:00.123Z\n\n" + POLICY.render(), Files.readString(file));
        assertEquals(Optional.of(entry), store.find("example.org"));
        assertEquals(List.of(entry), store.all().domains());
    }

    @Test
    void anEntryWithoutPolicyFollowsTheTemplate() throws Exception {
        FileDomainStore store = new FileDomainStore(certs);
        RuntimeDomain entry = new RuntimeDomain("customer.example", Optional.empty(), RuntimeDomain.Origin.ON_DEMAND,
                ADDED);
        store.put(entry);
        assertEquals(Optional.of(entry), new FileDomainStore(certs).find("customer.example"));
    }

    @Test
    void removeDeletesTheFileAndSaysWhetherThereWasOne() throws Exception {
        FileDomainStore store = new FileDomainStore(certs);
        store.put(new RuntimeDomain("example.org", Optional.of(POLICY), RuntimeDomain.Origin.API, ADDED));
        assertTrue(store.remove("example.org"));
        assertFalse(store.remove("example.org"));
        assertEquals(List.of(), store.all().domains());
        assertEquals(Optional.empty(), store.find("example.org"));
    }

    @Test
    void aBrokenFileIsReportedAndTheOthersAreStillListed() throws Exception {
        FileDomainStore store = new FileDomainStore(certs);
        RuntimeDomain good = new RuntimeDomain("good.example", Optional.of(POLICY), RuntimeDomain.Origin.API, ADDED);
        store.put(good);
        Files.writeString(certs.resolve("domains/bad.example"), "origin: api\nadded: 2026-12-03T10:00:00Z\n\nmode: enforce\n");
        Files.writeString(certs.resolve("domains/worse.example"), "hello\n");
        Files.writeString(certs.resolve("domains/.tmp-file"), "not a domain name: ignored");

        DomainStore.Listing listing = store.all();

        assertEquals(List.of(good), listing.domains());
        assertEquals(2, listing.problems().size(), listing.problems().toString());
        assertTrue(listing.problems().stream().anyMatch(p -> p.contains("bad.example") && p.contains("policy is invalid")),
                listing.problems().toString());
        assertTrue(Files.exists(certs.resolve("domains/bad.example")), "a broken file is kept for the administrator");
    }

    @Test
    void aNameThatIsNoDomainNeverBecomesAPath() {
        FileDomainStore store = new FileDomainStore(certs);
        assertThrows(IllegalArgumentException.class, () -> store.remove("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> new RuntimeDomain("../x", Optional.empty(),
                RuntimeDomain.Origin.API, ADDED));
    }

    @Test
    void noDirectoryMeansNoDomains() throws Exception {
        assertEquals(List.of(), new FileDomainStore(certs.resolve("missing")).all().domains());
    }
}
