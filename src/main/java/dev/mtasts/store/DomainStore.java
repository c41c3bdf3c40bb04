package dev.mtasts.store;

import java.util.List;
import java.util.Optional;

/**
 * The role that keeps the {@link RuntimeDomain}s (domains added through the admin API or on demand) so
 * that a restart serves them again: a directory of the file store ({@link FileDomainStore}) or a table
 * of the cluster's database. Domains of the config file are never in it.
 */
public interface DomainStore {

    /**
     * Every stored domain, in no particular order, and what could not be read (one line per entry, for the
     * log): one bad entry never hides the others.
     */
    Listing all() throws StoreException;

    /** The readable domains and a description of each unreadable entry. */
    record Listing(List<RuntimeDomain> domains, List<String> problems) {
        public Listing {
            domains = List.copyOf(domains);
            problems = List.copyOf(problems);
        }
    }

    Optional<RuntimeDomain> find(String domain) throws StoreException;

    /** Adds or replaces the entry for {@code entry.domain()}; durable when it returns. */
    void put(RuntimeDomain entry) throws StoreException;

    /** Removes the entry; returns whether there was one. */
    boolean remove(String domain) throws StoreException;
}
