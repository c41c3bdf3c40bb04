package dev.mtasts.dns;

import java.util.Objects;

/** One CAA record (RFC 8659 §4.1): flags (128 = issuer critical), the property tag and its value. */
public record CaaRecord(int flags, String tag, String value) {

    public CaaRecord {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
    }

    public boolean critical() {
        return (flags & 0x80) != 0;
    }
}
