package dev.mtasts.acme;

import dev.mtasts.challenge.ChallengeStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An answer offered in the {@link dev.mtasts.challenge.ChallengeStore}, withdrawn by its clean-up. A
 * withdrawal that fails is logged: a stale answer is harmless (the CA asks for each token once).
 */
final class OfferedAnswer implements ChallengeSolver.Presented {

    private static final Logger LOG = LoggerFactory.getLogger(OfferedAnswer.class);

    /** Withdraws the answer from the store. */
    @FunctionalInterface
    interface Withdrawal {
        void withdraw() throws ChallengeStoreException;
    }

    /** Something that offers an answer. */
    @FunctionalInterface
    interface Offer {
        void offer() throws ChallengeStoreException;
    }

    private final String what;
    private final Withdrawal withdrawal;

    private OfferedAnswer(String what, Withdrawal withdrawal) {
        this.what = what;
        this.withdrawal = withdrawal;
    }

    /** Runs {@code offer}; the result withdraws the answer again. */
    static OfferedAnswer offer(String what, Offer offer, Withdrawal withdrawal) throws ChallengeException {
        try {
            offer.offer();
        } catch (ChallengeStoreException e) {
            throw new ChallengeException("cannot offer the " + what + ": " + e.getMessage(), e);
        }
        return new OfferedAnswer(what, withdrawal);
    }

    @Override
    public void cleanUp() {
        try {
            withdrawal.withdraw();
        } catch (ChallengeStoreException e) {
            LOG.warn("could not withdraw the {}: {}", what, e.getMessage());
        }
    }
}
