package dev.mtasts.acme;

import dev.mtasts.challenge.ChallengeResponses;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

/** HTTP-01: the port-80 listener answers {@code /.well-known/acme-challenge/<token>} from the registry. */
public final class Http01Solver implements ChallengeSolver {

    private final ChallengeResponses responses;

    public Http01Solver(ChallengeResponses responses) {
        this.responses = responses;
    }

    @Override
    public String type() {
        return Http01Challenge.TYPE;
    }

    @Override
    public Presented present(Challenge challenge, String host) {
        Http01Challenge http = (Http01Challenge) challenge;
        String token = http.getToken();
        responses.putHttp01(token, http.getAuthorization());
        return () -> responses.removeHttp01(token);
    }
}
