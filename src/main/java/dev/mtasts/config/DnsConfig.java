package dev.mtasts.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * DNS: the resolver of the drift check, and RFC 2136 updates signed with TSIG (for dns-01 and publish_id).
 *
 * @param resolver {@code HOST[:PORT]}; empty means the system's resolvers
 * @param updateServer {@code HOST:PORT} of the primary taking updates
 * @param tsigKeyFile the key, in the format tsig-keygen writes
 */
public record DnsConfig(Optional<String> resolver, Optional<String> updateServer, Optional<Path> tsigKeyFile) {

    public DnsConfig {
        updateServer.ifPresent(DnsConfig::checkHostPort);
    }

    public static DnsConfig none() {
        return new DnsConfig(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether RFC 2136 updates can be sent. */
    public boolean updates() {
        return updateServer.isPresent() && tsigKeyFile.isPresent();
    }

    private static void checkHostPort(String text) {
        int colon = text.lastIndexOf(':');
        boolean ok = colon > 0 && colon < text.length() - 1 && text.substring(colon + 1).matches("[0-9]{1,5}")
                && Integer.parseInt(text.substring(colon + 1)) <= 65535;
        if (!ok) {
            throw new IllegalArgumentException("--dns-update-server must be HOST:PORT, not '" + text + "'");
        }
    }
}
