package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Checks several domains concurrently; reports come back in the order the domains were given. */
public final class CheckRunner {

    private static final int MAX_PARALLEL = 8;
    private final DomainChecker checker;

    public CheckRunner(DomainChecker checker) {
        this.checker = checker;
    }

    public List<CheckReport> run(List<String> domains) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_PARALLEL, domains.size())));
        try {
            List<Future<CheckReport>> futures = new ArrayList<>();
            for (String d : domains) {
                futures.add(pool.submit(() -> checker.check(d)));
            }
            List<CheckReport> reports = new ArrayList<>();
            for (int i = 0; i < domains.size(); i++) {
                reports.add(await(futures.get(i), domains.get(i)));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CheckReport await(Future<CheckReport> future, String domain) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return failed(domain, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(domain, "interrupted");
        }
    }

    private static CheckReport failed(String domain, String why) {
        return new CheckReport(domain, List.of(Section.unknown(Area.STS_RECORD,
                Finding.of(Severity.WARNING, "", "the check of " + domain + " failed unexpectedly: " + why))));
    }
}
