package dev.mtasts.acme;

import org.shredzone.acme4j.challenge.Challenge;

/** Presents one ACME challenge type and cleans it up again (the Solver role). */
public interface ChallengeSolver {

    /** The ACME challenge type, e.g. {@code http-01}. */
    String type();

    /**
     * Makes the answer to {@code challenge} for {@code host} visible to the CA, and returns only when the
     * CA can see it.
     *
     * @return what removes the answer again; called whatever the outcome
     */
    Presented present(Challenge challenge, String host) throws ChallengeException, InterruptedException;

    /** Removes a presented answer. */
    @FunctionalInterface
    interface Presented {
        void cleanUp();
    }
}
