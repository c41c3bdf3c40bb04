package dev.mtasts.dns;

/**
 * How a DNS lookup ended. Absent answers (the name or the type does not exist) are facts a sender acts
 * on; indeterminate ones (server failure, no answer) are not, and must never be reported as absent.
 */
public enum LookupStatus {
    FOUND,
    NXDOMAIN,
    NODATA,
    SERVFAIL,
    TIMEOUT,
    FAILED;

    /** NXDOMAIN or NODATA: the records definitely do not exist. */
    public boolean isAbsent() {
        return this == NXDOMAIN || this == NODATA;
    }

    /** SERVFAIL, timeout or another failure: nothing can be concluded. */
    public boolean isIndeterminate() {
        return this == SERVFAIL || this == TIMEOUT || this == FAILED;
    }
}
