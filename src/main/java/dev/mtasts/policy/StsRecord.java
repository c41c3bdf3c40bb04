package dev.mtasts.policy;

import java.util.Objects;

/** A valid {@code _mta-sts} TXT record (RFC 8461 §3.1); its extensions are ignored by senders. */
public record StsRecord(PolicyId id) {

    public static final String VERSION = "v=STSv1";

    public StsRecord {
        Objects.requireNonNull(id, "id");
    }

    /** The TXT record text to publish at {@code _mta-sts.<domain>}. */
    public String render() {
        return VERSION + "; id=" + id.value();
    }
}
