package dev.mtasts.policy;

import java.util.List;

/**
 * The discard rule both TXT record types share: records whose concatenated strings do not start with
 * the version tag are ignored; exactly one must remain (RFC 8461 §3.1, RFC 8460 §3).
 */
final class TxtSelection {

    private TxtSelection() {
    }

    /** The records, each already concatenated from its strings, that start with {@code version}. */
    static List<String> candidates(List<String> records, String version) {
        return records.stream().filter(r -> r.startsWith(version)).toList();
    }
}
