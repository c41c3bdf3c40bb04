package dev.mtasts.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.ServedCertificate;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certificates read on first use, at most N kept, the least recently used dropped first. */
class CertificateCacheTest {

    private static final SelfSignedCertificates SELF_SIGNED = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom());
    private final Map<String, CertifiedKey> store = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final List<String> announced = new ArrayList<>();

    @BeforeEach
    void stored() throws Exception {
        for (String host : List.of("mta-sts.a.example", "mta-sts.b.example", "mta-sts.c.example")) {
            store.put(host, SELF_SIGNED.create(host));
        }
    }

    private CertificateCache cache(int capacity) {
        return new CertificateCache(capacity, (host, previous) -> {
            synchronized (reads) {
                reads.add(host);
            }
            CertifiedKey key = store.get(host);
            if (key == null) {
                throw new IOException("no certificate for " + host);
            }
            return key;
        }, (host, key) -> announced.add(host));
    }

    @Test
    void readsAHostOnFirstUseOnlyAndAnnouncesIt() {
        CertificateCache cache = cache(2);
        assertNull(cache.peek("mta-sts.a.example"));
        assertSame(store.get("mta-sts.a.example"), cache.current("mta-sts.a.example").key());
        cache.current("mta-sts.a.example");
        assertEquals(List.of("mta-sts.a.example"), reads);
        assertEquals(List.of("mta-sts.a.example"), announced);
        assertNull(cache.ready("mta-sts.a.example"), "nothing to wait for once it is held");
    }

    @Test
    void dropsTheLeastRecentlyUsedWhenFull() {
        CertificateCache cache = cache(2);
        cache.current("mta-sts.a.example");
        cache.current("mta-sts.b.example");
        cache.current("mta-sts.a.example"); // a is now the most recently used
        cache.current("mta-sts.c.example");
        assertEquals(2, cache.size());
        assertNotNull(cache.peek("mta-sts.a.example"));
        assertNull(cache.peek("mta-sts.b.example"));
    }

    @Test
    void readsOffTheCallersThreadWhenAskedIfReady() throws Exception {
        CertificateCache cache = cache(2);
        ServedCertificate served = cache.ready("mta-sts.b.example").get();
        assertSame(store.get("mta-sts.b.example"), served.key());
        assertSame(served, cache.peek("mta-sts.b.example"));
    }

    @Test
    void aBrokenHostFailsAloneAndIsNotKept() {
        CertificateCache cache = cache(4);
        assertThrows(CompletionException.class, () -> cache.ready("mta-sts.broken.example").join());
        assertNull(cache.current("mta-sts.broken.example"));
        assertNotNull(cache.current("mta-sts.a.example"));
        assertEquals(1, cache.size());
    }

    @Test
    void aReplacedCertificateHasANewAliasAndTheOldAliasStillFindsTheOldOne() throws Exception {
        CertificateCache cache = cache(2);
        ServedCertificate old = cache.current("mta-sts.a.example");
        ServedCertificate renewed = cache.put("mta-sts.a.example", SELF_SIGNED.create("mta-sts.a.example"));
        assertNotEquals(old.alias(), renewed.alias());
        assertSame(renewed, cache.current("mta-sts.a.example"));
        assertSame(renewed, cache.byAlias(renewed.alias()));
        assertSame(old, cache.byAlias(old.alias()), "a handshake that chose the old alias a moment ago");
        assertSame(renewed, cache.put("mta-sts.a.example", renewed.key()), "the same certificate again changes nothing");
    }
}
