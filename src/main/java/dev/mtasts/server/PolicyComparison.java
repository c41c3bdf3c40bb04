package dev.mtasts.server;

import dev.mtasts.check.Addresses;
import dev.mtasts.check.FetchResult;
import dev.mtasts.check.HttpResponse;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParseResult;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.policy.Severity;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether what one public address of {@code mta-sts.DOMAIN} answered is the policy this server serves for
 * the domain. Only a complete 200 response is compared: a failed fetch, another status or a bad response
 * are findings of {@code mta-sts check}'s own rules. The same policy written differently (line endings,
 * key order) is the same policy.
 */
final class PolicyComparison {

    static final String SECTION = "RFC 8461 §3.3";

    private PolicyComparison() {
    }

    /** A WARNING when the address serves another valid policy, CRITICAL when it serves no valid policy at all. */
    static Optional<Finding> compare(String domain, Policy served, FetchResult fetched) {
        Optional<HttpResponse> ok = fetched.response().filter(r -> r.status() == 200 && !r.truncated());
        if (ok.isEmpty() || Arrays.equals(ok.get().body(), served.renderBytes())) {
            return Optional.empty();
        }
        PolicyParseResult other = new PolicyParser().parse(ok.get().body());
        if (other.policy().filter(served::equals).isPresent()) {
            return Optional.empty();
        }
        String host = "mta-sts." + domain;
        String ip = Addresses.text(fetched.address());
        String fix = "make what answers at " + ip + " (a proxy or load balancer in front?) pass requests for " + host
                + " to this server, or remove " + ip + " from the A/AAAA records of " + host;
        String ours = "this server serves " + summary(served);
        return Optional.of(other.policy()
                .map(p -> new Finding(Severity.WARNING, host + " at " + ip + " serves another policy (" + summary(p)
                        + ") than this server (" + summary(served) + "); senders that reach " + ip + " cache that one",
                        SECTION, fix))
                .orElseGet(() -> new Finding(Severity.CRITICAL, host + " at " + ip + " answers 200 with a body that is"
                        + " not a valid policy (" + ours + "); senders that reach " + ip + " find no policy", SECTION, fix)));
    }

    private static String summary(Policy p) {
        return "mode " + p.mode() + ", id " + p.id().value();
    }
}
