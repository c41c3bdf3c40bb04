package dev.mtasts.tls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What {@link SniRouter} asks about a name it has no site for, or a name whose site is still being set up:
 * on-demand certificates answer here. Called on the event loop: implementations return at once and do any
 * blocking work elsewhere.
 */
public interface UnservedNames {

    /** Every unknown name is refused at once (no on-demand certificates). */
    UnservedNames NONE = new UnservedNames() {
        @Override
        public CompletionStage<Boolean> admit(String serverName, String client) {
            return REFUSED;
        }

        @Override
        public CompletionStage<Boolean> pending(String serverName) {
            return null;
        }
    };

    CompletionStage<Boolean> REFUSED = CompletableFuture.completedFuture(false);

    /**
     * For a name that is not served: completes true once it is served (the router then looks it up again),
     * false to refuse it with {@code unrecognized_name}.
     *
     * @param client the client's IP address
     */
    CompletionStage<Boolean> admit(String serverName, String client);

    /**
     * For a name that is served: null when it is ready, else a stage that completes when it is (e.g. its first
     * real certificate is being ordered; until then the site has a self-signed stand-in).
     */
    CompletionStage<Boolean> pending(String serverName);
}
