package dev.mtasts.acme;

import dev.mtasts.store.RenewalStatus;

/** One renewal check of one domain; {@link RenewalRunner} is the real one, the daemon only schedules. */
@FunctionalInterface
public interface DomainCheck {

    /** Checks {@code domain}, renewing when due or {@code force}d; the result says when to check again. */
    RenewalStatus check(String domain, boolean force) throws InterruptedException;
}
