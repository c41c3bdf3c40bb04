package dev.mtasts.http;

import java.util.Objects;

/** A {@link DomainAdmin} change that was refused; nothing changed. The reason decides the HTTP status. */
public final class DomainAdminException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a change was refused. */
    public enum Reason {
        /** The config file names the domain: change it there (409). */
        CONFIGURED,
        /** The request cannot be served as asked, e.g. the template is no valid policy (400). */
        INVALID,
        /** The storage backend refused or did not answer; try again (503). */
        UNAVAILABLE,
        /** The site could not be built (500). */
        FAILED
    }

    private final Reason reason;

    public DomainAdminException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DomainAdminException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
