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
        return records.stream().filter(r -> startsWithVersion(r, version)).toList();
    }

    /**
     * Whether {@code record} starts with the whole version tag: followed by nothing, white space or
     * {@code ;}. {@code v=STSv10; id=1} names another version and is discarded, not reported as invalid.
     */
    static boolean startsWithVersion(String record, String version) {
        if (!record.startsWith(version)) {
            return false;
        }
        if (record.length() == version.length()) {
            return true;
        }
        char next = record.charAt(version.length());
        return next == ';' || next == ' ' || next == '\t';
    }
}
