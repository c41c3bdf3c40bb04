package dev.mtasts.backend;

import dev.mtasts.store.RuntimeDomain;
import java.util.Optional;

/** Told about runtime domains that another replica added, changed or removed. */
@FunctionalInterface
public interface DomainChangeListener {

    /** @param now the domain's entry as stored now, or empty when it was removed */
    void domainChanged(String domain, Optional<RuntimeDomain> now);
}
