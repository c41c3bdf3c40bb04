package dev.mtasts.acme;

import dev.mtasts.dns.DnsUpdater;
import java.io.IOException;
import java.time.Duration;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS-01: adds {@code _acme-challenge.<host>} TXT through a {@link DnsUpdater} (RFC 2136 with TSIG), waits
 * until the server answers it, and deletes exactly that record afterwards.
 */
public final class Dns01Solver implements ChallengeSolver {

    private static final Logger LOG = LoggerFactory.getLogger(Dns01Solver.class);
    static final long TTL = 60;

    private final DnsUpdater updater;
    private final Duration propagationTimeout;
    private final Duration pollInterval;

    public Dns01Solver(DnsUpdater updater, Duration propagationTimeout, Duration pollInterval) {
        this.updater = updater;
        this.propagationTimeout = propagationTimeout;
        this.pollInterval = pollInterval;
    }

    @Override
    public String type() {
        return Dns01Challenge.TYPE;
    }

    @Override
    public Presented present(Challenge challenge, String host) throws ChallengeException, InterruptedException {
        Dns01Challenge dns = (Dns01Challenge) challenge;
        return presentTxt(dns.getRRName(host), dns.getDigest());
    }

    /** Adds TXT {@code name} with {@code digest}, waits until the server answers it; the clean-up deletes it. */
    Presented presentTxt(String name, String digest) throws ChallengeException, InterruptedException {
        try {
            updater.addTxt(name, digest, TTL);
        } catch (IOException e) {
            throw new ChallengeException("cannot add TXT " + name + ": " + e.getMessage(), e);
        }
        Presented cleanUp = () -> delete(name, digest);
        try {
            awaitAnswer(name, digest);
        } catch (ChallengeException | InterruptedException e) {
            cleanUp.cleanUp();
            throw e;
        }
        return cleanUp;
    }

    private void awaitAnswer(String name, String digest) throws ChallengeException, InterruptedException {
        long deadline = System.nanoTime() + propagationTimeout.toNanos();
        IOException last = null;
        do {
            try {
                if (updater.answersTxt(name, digest)) {
                    LOG.debug("{} answers TXT {}", updater.server(), name);
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(pollInterval.toMillis());
        } while (System.nanoTime() < deadline);
        throw new ChallengeException(updater.server() + " still does not answer TXT " + name + " after "
                + propagationTimeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private void delete(String name, String digest) {
        try {
            updater.deleteTxt(name, digest);
        } catch (IOException e) {
            LOG.warn("could not delete TXT {} on {}: {} (delete it by hand)", name, updater.server(), e.getMessage());
        }
    }
}
