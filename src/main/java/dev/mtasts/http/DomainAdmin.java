package dev.mtasts.http;

import dev.mtasts.config.PolicyDefaults;
import dev.mtasts.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The role behind the admin API ({@code /api/domains}): what is served, and the domains added or removed
 * while the server runs. The running server implements it; this package only speaks HTTP and JSON.
 * Calls may wait on the storage backend; the admin listener runs them on its own event-loop thread.
 */
public interface DomainAdmin {

    /** Every served domain, sorted by name. */
    List<ServedDomain> list();

    /** The served domain of that name, if any. */
    Optional<ServedDomain> find(String domain);

    /** The policy template ({@code [defaults]}): the mode and max_age of a request that gives none. */
    PolicyDefaults template();

    /**
     * Stores and serves {@code domain} with {@code policy}, or with the template ({@code [defaults]}, following
     * its changes) when {@code policy} is empty; served within the call, without a reload.
     *
     * @return true when the domain was added, false when its runtime entry was replaced
     * @throws DomainAdminException when it is a config-file domain, the template is no valid policy, the
     *     store refuses the write, or the site cannot be built; nothing changed then
     */
    boolean put(String domain, Optional<Policy> policy) throws DomainAdminException;

    /**
     * Stops serving a runtime domain and forgets it.
     *
     * @return false when {@code domain} is no runtime domain
     * @throws DomainAdminException when it is a config-file domain or the store refuses
     */
    boolean remove(String domain) throws DomainAdminException;
}
