package dev.mtasts.store;

import java.util.function.UnaryOperator;

/**
 * Where the {@link IssuerState}s live (the issuer-state role): on disk next to the certificates in file mode,
 * in the database in cluster mode, so that every process sharing the storage sees one breaker and one
 * budget per issuer.
 */
public interface IssuerStateStore {

    /** The state of {@code issuer}, {@link IssuerState#FRESH} if none is stored. */
    IssuerState load(String issuer) throws StoreException;

    /**
     * Reads the state of {@code issuer}, applies {@code change} and stores the result, as one step that no
     * other process sharing the storage interleaves with; returns the stored state. {@code change} must be a
     * pure function: it may run again.
     */
    IssuerState update(String issuer, UnaryOperator<IssuerState> change) throws StoreException;
}
