package dev.mtasts.cli;

import dev.mtasts.acme.Acme4jIssuer;
import dev.mtasts.acme.AcmeMetrics;
import dev.mtasts.acme.AcmeSessions;
import dev.mtasts.acme.AcmeSettings;
import dev.mtasts.acme.Backoff;
import dev.mtasts.acme.CaaCheck;
import dev.mtasts.acme.CertificateIssuer;
import dev.mtasts.acme.CertificateListener;
import dev.mtasts.acme.ChallengeSolver;
import dev.mtasts.acme.CircuitBreaker;
import dev.mtasts.acme.Dns01Solver;
import dev.mtasts.acme.Http01Solver;
import dev.mtasts.acme.IssuerBudget;
import dev.mtasts.acme.IssuerFailover;
import dev.mtasts.acme.NamedIssuer;
import dev.mtasts.acme.RenewalRunner;
import dev.mtasts.acme.TlsAlpn01Solver;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.config.IssuerConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.dns.DnsUpdater;
import dev.mtasts.dns.DnsjavaLookups;
import dev.mtasts.dns.LookupSessions;
import dev.mtasts.dns.ResolverAddress;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.Locker;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the ACME object graph from the configuration: issuer with its solvers, and the renewal runner. */
public final class AcmeComponents {

    static final Duration CHALLENGE_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DNS_PROPAGATION = Duration.ofSeconds(60);
    static final Duration CAA_TIMEOUT = Duration.ofSeconds(5);

    private AcmeComponents() {
    }

    /**
     * The runner that checks and renews domains.
     *
     * @param types the challenge types to use, in order (a subset of the configured ones)
     * @param responses the registry the server's listeners answer HTTP-01 and TLS-ALPN-01 from
     * @param tuning the test knobs (retry waits, lease time)
     */
    static RenewalRunner runner(ServeConfig config, List<String> types, StorageBackend backend,
            CertificateListener listener, AcmeMetrics metrics, Clock clock, Tuning tuning) throws IOException {
        return runner(issuer(config, types, backend, backend.challenges(), metrics, clock, tuning.backoffScale()),
                backend.certificates(), backend.locker(), listener, metrics, clock, tuning);
    }

    /** The runner around an {@link #issuer} built earlier (serve builds it while its listeners come up). */
    static RenewalRunner runner(CertificateIssuer issuer, CertificateStorage store, Locker locker,
            CertificateListener listener, AcmeMetrics metrics, Clock clock, Tuning tuning) {
        return new RenewalRunner(store, locker, issuer, listener, metrics, clock, new SecureRandom(),
                new Backoff(tuning.backoffScale()), tuning.leaseTime());
    }

    /**
     * The configured issuers in order, each with its solvers, its session on the CA's directory (reads the CA
     * bundle and TSIG key) and its budget, behind one {@link IssuerFailover} whose breakers and budgets live in
     * the backend's issuer states.
     *
     * @param backoffScale the test knob that shrinks the retry waits shrinks the breaker's probe interval too
     */
    public static IssuerFailover issuer(ServeConfig config, List<String> types, StorageBackend backend,
            ChallengeStore responses, AcmeMetrics metrics, Clock clock, double backoffScale) throws IOException {
        Optional<DnsUpdater> dns = AcmeOptions.dnsUpdater(config.dns());
        List<NamedIssuer> issuers = new ArrayList<>();
        for (IssuerConfig issuer : config.acme().issuers()) {
            AcmeSettings settings = AcmeOptions.settings(issuer, config.acme());
            issuers.add(new NamedIssuer(issuer.name(), new Acme4jIssuer(AcmeSessions.open(settings),
                    backend.certificates().account(settings.directory()), settings, solvers(types, dns, responses),
                    CHALLENGE_TIMEOUT), new IssuerBudget(issuer.orders(), Duration.ofSeconds(issuer.ordersWindowSeconds()),
                    issuer.failedValidations(), Duration.ofSeconds(issuer.failedValidationsWindowSeconds())),
                    issuer.caaIdentities()));
        }
        boolean caaNeeded = config.acme().issuers().stream().anyMatch(i -> !i.caaIdentities().isEmpty());
        CaaCheck caa = caaNeeded ? new CaaCheck(caaLookups(config)::caa) : CaaCheck.off();
        Duration probe = Duration.ofMillis(Math.max(1, (long) (config.acme().probeIntervalSeconds() * 1000 * backoffScale)));
        return new IssuerFailover(issuers, backend.issuerStates(), new CircuitBreaker(probe), caa, metrics, clock);
    }

    private static DnsjavaLookups caaLookups(ServeConfig config) throws IOException {
        Optional<ResolverAddress> resolver = config.dns().resolver().map(ResolverAddress::parse);
        return new DnsjavaLookups(LookupSessions.create(resolver, CAA_TIMEOUT), CAA_TIMEOUT.plusSeconds(1));
    }

    static List<ChallengeSolver> solvers(List<String> types, Optional<DnsUpdater> dns,
            ChallengeStore responses) {
        List<ChallengeSolver> solvers = new ArrayList<>();
        for (String type : types) {
            switch (type) {
                case "http-01" -> solvers.add(new Http01Solver(responses));
                case "tls-alpn-01" -> solvers.add(new TlsAlpn01Solver(responses));
                case "dns-01" -> solvers.add(new Dns01Solver(dns.orElseThrow(() -> new IllegalArgumentException(
                        "dns-01 needs --dns-update-server and --tsig-key-file")), DNS_PROPAGATION, Duration.ofSeconds(1)));
                default -> throw new IllegalArgumentException("unknown challenge type " + type);
            }
        }
        return solvers;
    }
}
