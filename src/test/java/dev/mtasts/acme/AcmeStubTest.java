package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.RenewalStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.toolbox.AcmeUtils;

/** The issuer and runner against an in-process ACME server: ARI, 429 with Retry-After, alreadyReplaced. */
class AcmeStubTest {

    static final String DOMAIN = "example.test";
    static final String HOST = "mta-sts.example.test";

    @TempDir
    Path dir;

    AcmeStub stub;
    FileStorage store;
    CertifiedKey old;
    final List<String> installed = new ArrayList<>();
    final List<FailureReason> failures = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        stub = new AcmeStub();
        store = new FileStorage(dir.resolve("certs"));
        Instant now = Instant.now();
        old = stub.ca.pair(List.of(HOST), now.minus(Duration.ofDays(60)), now.plus(Duration.ofDays(30)));
        store.save(DOMAIN, old);
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    RenewalRunner runner() throws Exception {
        return runner(issuer());
    }

    Acme4jIssuer issuer() throws Exception {
        AcmeSettings settings = new AcmeSettings(URI.create(stub.directory()), Optional.empty(), true,
                Optional.of(stub.writeCaBundle(dir)), Optional.empty(), Optional.empty(), KeyType.EC,
                List.of("http-01"));
        Session session = AcmeSessions.open(settings);
        return new Acme4jIssuer(session, store.account(settings.directory()),
                settings, List.of(new Http01Solver(new InMemoryChallengeStore())), Duration.ofSeconds(10));
    }

    RenewalRunner runner(Acme4jIssuer issuer) {
        AcmeMetrics metrics = new AcmeMetrics() {
            @Override
            public void renewalFailed(String domain, FailureReason reason) {
                failures.add(reason);
            }
        };
        return new RenewalRunner(store, store.locker(), issuer, (d, pair) -> installed.add(d), metrics, Clock.systemUTC(),
                new Random(7));
    }

    @Test
    void renewsWithReplacesWhenTheAriWindowHasPassed() throws Exception {
        Instant now = Instant.now();
        stub.renewalInfoJson = window(now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(1)));
        RenewalRunner runner = runner();

        RenewalStatus status = runner.check(DOMAIN, false);

        assertEquals(0, status.failures(), status.lastError().orElse(""));
        assertEquals(List.of(AcmeUtils.getRenewalUniqueIdentifier(old.leaf())), stub.renewalInfoPaths);
        assertEquals(1, stub.newOrders.size());
        assertEquals(AcmeUtils.getRenewalUniqueIdentifier(old.leaf()), stub.newOrders.get(0).get("replaces").asString());
        CertifiedKey stored = store.load(DOMAIN).orElseThrow();
        assertNotEquals(old.leaf(), stored.leaf());
        assertEquals(old.leaf(), store.previous(DOMAIN).orElseThrow().leaf());
        assertEquals(List.of(DOMAIN, DOMAIN), installed, "announced the stored one, then the new one");
    }

    @Test
    void waitsInsideAFutureWindowAndAsksAgainPerRetryAfter() throws Exception {
        Instant now = Instant.now();
        stub.renewalInfoJson = window(now.plus(Duration.ofDays(5)), now.plus(Duration.ofDays(6)));
        stub.renewalInfoRetryAfterSeconds = 7200;

        RenewalStatus status = runner().check(DOMAIN, false);

        assertTrue(stub.newOrders.isEmpty());
        Instant next = status.nextCheck().orElseThrow();
        assertTrue(Duration.between(now.plus(Duration.ofHours(2)), next).abs().getSeconds() < 60, "next " + next);
        assertTrue(status.why().contains("random time inside the CA's renewal window"), status.why());
        assertEquals(old.leaf(), store.load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void backsOffUntilRetryAfterWhenRateLimited() throws Exception {
        stub.renewalInfoJson = window(Instant.now().minus(Duration.ofHours(1)), Instant.now().minusSeconds(10));
        stub.rateLimitRetryAfterSeconds = 5400;
        RenewalRunner runner = runner();

        RenewalStatus failed = runner.check(DOMAIN, false);
        RenewalStatus again = runner.check(DOMAIN, false);

        assertEquals(1, failed.failures());
        assertEquals(List.of(FailureReason.RATE_LIMITED), failures);
        assertTrue(failed.nextCheck().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(89))),
                "retry at " + failed.nextCheck());
        assertTrue(failed.lastError().orElseThrow().contains("rate limited"), failed.lastError().orElseThrow());
        assertEquals(1, stub.newOrders.size(), "the second check must not contact the CA before Retry-After");
        assertEquals(failed.nextCheck(), again.nextCheck());
        assertEquals(old.leaf(), store.load(DOMAIN).orElseThrow().leaf(), "the old certificate stays");
    }

    @Test
    void ordersAgainWithoutReplacesWhenAlreadyReplaced() throws Exception {
        stub.renewalInfoJson = window(Instant.now().minus(Duration.ofHours(1)), Instant.now().minusSeconds(10));
        stub.alreadyReplaced = true;

        RenewalStatus status = runner().check(DOMAIN, false);

        assertEquals(0, status.failures(), status.lastError().orElse(""));
        assertEquals(2, stub.newOrders.size());
        assertTrue(stub.newOrders.get(0).contains("replaces"));
        assertFalse(stub.newOrders.get(1).contains("replaces"));
        assertNotEquals(old.leaf(), store.load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void reusesTheStoredAccount() throws Exception {
        stub.renewalInfoJson = window(Instant.now().minus(Duration.ofHours(1)), Instant.now().minusSeconds(10));
        runner().check(DOMAIN, true);
        AccountStorage accounts = store.account(URI.create(stub.directory()));
        var key = accounts.loadKeyPair().orElseThrow();

        runner().check(DOMAIN, true);

        assertEquals(key.getPublic(), accounts.loadKeyPair().orElseThrow().getPublic());
        assertEquals(stub.base() + "/acct/1", accounts.loadUrl().orElseThrow().toString());
    }

    @Test
    void prepareRegistersTheAccountBeforeAnyOrderAndTheOrderUsesIt() throws Exception {
        Acme4jIssuer issuer = issuer();
        issuer.prepare();
        AccountStorage accounts = store.account(URI.create(stub.directory()));
        assertEquals(stub.base() + "/acct/1", accounts.loadUrl().orElseThrow().toString());
        assertEquals(1, count("POST /acct"));
        assertEquals(0, count("POST /order"));

        issuer.prepare(); // logged in already: nothing more
        runner(issuer).check(DOMAIN, true);

        assertEquals(1, count("POST /acct"));
        assertEquals(0, count("POST /acct/1"));
        assertEquals(1, count("POST /order"));
        assertNotEquals(old.leaf(), store.load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void prepareFetchesAStoredAccountOnceInsteadOfRegistering() throws Exception {
        issuer().prepare();
        stub.requests.clear();

        issuer().prepare();

        assertEquals(0, count("POST /acct"));
        assertEquals(1, count("POST /acct/1"));
        assertEquals(0, count("POST /order"));
    }

    @Test
    void prepareWithTheCaDownChangesNothingAndTheOrderReportsTheFailure() throws Exception {
        Acme4jIssuer issuer = issuer();
        stub.close();

        issuer.prepare();

        assertTrue(store.account(URI.create(stub.directory())).loadUrl().isEmpty());
        RenewalStatus status = runner(issuer).check(DOMAIN, true);
        assertEquals(1, status.failures());
        assertEquals(List.of(FailureReason.NETWORK), failures);
    }

    private long count(String request) {
        return stub.requests.stream().filter(request::equals).count();
    }

    private static String window(Instant start, Instant end) {
        return "{\"suggestedWindow\":{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}}";
    }
}
