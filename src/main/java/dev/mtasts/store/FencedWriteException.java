package dev.mtasts.store;

/**
 * A write refused because it carried an older fencing token than the domain's newest lease: its writer
 * paused (or was cut off) past its lease and another process took the domain over.
 */
public final class FencedWriteException extends LeaseLostException {

    private static final long serialVersionUID = 1L;

    public FencedWriteException(String message) {
        super(message);
    }
}
