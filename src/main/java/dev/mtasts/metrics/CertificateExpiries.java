package dev.mtasts.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expiry of every domain's certificate, kept without labels, so that one alert covers 100,000 domains
 * where per-domain series stop at {@link DomainLabels}' limit: the earliest expiry over all domains and
 * how many present a self-signed certificate. A certificate is known once it was read (served, or checked
 * by the renewal loop); a removed domain is forgotten.
 */
final class CertificateExpiries {

    private record Known(long notAfter, boolean selfSigned) {
    }

    private final Map<String, Known> byDomain = new ConcurrentHashMap<>();

    void seen(String domain, Instant notAfter, boolean selfSigned) {
        byDomain.put(domain, new Known(notAfter.getEpochSecond(), selfSigned));
    }

    /** A renewal check saw the expiry; whether it is self-signed stays as last seen. */
    void expiry(String domain, Instant notAfter) {
        byDomain.compute(domain, (d, k) -> new Known(notAfter.getEpochSecond(), k != null && k.selfSigned()));
    }

    void forget(String domain) {
        byDomain.remove(domain);
    }

    /** The earliest not-after (Unix seconds) of every known certificate; empty when none is known. */
    OptionalLong earliest() {
        return byDomain.values().stream().mapToLong(Known::notAfter).min();
    }

    long selfSigned() {
        return byDomain.values().stream().filter(Known::selfSigned).count();
    }
}
