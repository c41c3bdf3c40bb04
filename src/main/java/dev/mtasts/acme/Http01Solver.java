package dev.mtasts.acme;

import dev.mtasts.challenge.ChallengeStore;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

/** HTTP-01: the port-80 listener answers {@code /.well-known/acme-challenge/<token>} from the {@link ChallengeStore}. */
public final class Http01Solver implements ChallengeSolver {

    private final ChallengeStore responses;

    public Http01Solver(ChallengeStore responses) {
        this.responses = responses;
    }

    @Override
    public String type() {
        return Http01Challenge.TYPE;
    }

    @Override
    public Presented present(Challenge challenge, String host) throws ChallengeException {
        Http01Challenge http = (Http01Challenge) challenge;
        String token = http.getToken();
        return OfferedAnswer.offer("HTTP-01 answer for " + host, () -> responses.putHttp01(token, http.getAuthorization()),
                () -> responses.removeHttp01(token));
    }
}
