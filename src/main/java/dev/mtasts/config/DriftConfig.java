package dev.mtasts.config;

/**
 * The DNS drift check: how often {@code _mta-sts} TXT and MX records are compared with the served
 * policies, and whether a changed policy id is published in DNS.
 *
 * @param intervalSeconds 0 disables the check
 * @param publishId publish the {@code _mta-sts} TXT id with RFC 2136 updates after a policy change
 */
public record DriftConfig(long intervalSeconds, boolean publishId) {

    public DriftConfig {
        if (intervalSeconds < 0) {
            throw new IllegalArgumentException("--dns-check-interval cannot be negative");
        }
    }
}
