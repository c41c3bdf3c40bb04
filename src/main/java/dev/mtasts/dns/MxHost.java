package dev.mtasts.dns;

import dev.mtasts.policy.DomainNames;
import java.util.Objects;

/** One MX record: preference and exchange host name (normalized, without trailing dot). */
public record MxHost(int preference, String host) {

    public MxHost {
        Objects.requireNonNull(host, "host");
        host = DomainNames.normalize(host);
    }

    /** The "null MX" of RFC 7505 ({@code 0 .}): the domain accepts no mail. */
    public boolean isNullMx() {
        return host.isEmpty();
    }
}
