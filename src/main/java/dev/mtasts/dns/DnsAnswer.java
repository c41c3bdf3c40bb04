package dev.mtasts.dns;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one lookup.
 *
 * @param name the name asked for
 * @param status found, absent or indeterminate
 * @param values the records (empty unless {@link LookupStatus#FOUND})
 * @param aliases the names a CNAME chain led to from {@code name}, in order, ending with the owner of
 *     the records (empty without CNAME)
 * @param detail why a lookup failed, for messages; empty when found
 */
public record DnsAnswer<T>(String name, LookupStatus status, List<T> values, List<String> aliases, String detail) {

    public DnsAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        values = List.copyOf(values);
        aliases = List.copyOf(aliases);
        detail = detail == null ? "" : detail;
        if (status == LookupStatus.FOUND && values.isEmpty()) {
            throw new IllegalArgumentException("a found answer needs records; use NODATA");
        }
    }

    public static <T> DnsAnswer<T> found(String name, List<T> values) {
        return new DnsAnswer<>(name, LookupStatus.FOUND, values, List.of(), "");
    }

    public static <T> DnsAnswer<T> failed(String name, LookupStatus status, String detail) {
        return new DnsAnswer<>(name, status, List.of(), List.of(), detail);
    }

    public DnsAnswer<T> withAliases(List<String> chain) {
        return new DnsAnswer<>(name, status, values, chain, detail);
    }

    public boolean isFound() {
        return status == LookupStatus.FOUND;
    }

    /** A phrase for messages: "NXDOMAIN", "SERVFAIL (detail)". */
    public String describe() {
        return detail.isEmpty() ? status.name() : status.name() + " (" + detail + ")";
    }
}
