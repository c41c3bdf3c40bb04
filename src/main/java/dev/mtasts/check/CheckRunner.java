package dev.mtasts.check;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Checks several domains on at most {@code concurrency} workers. A worker checks one domain at a time and
 * each domain's lookups and connections run one after another, so no more than {@code concurrency} DNS
 * queries and connections are ever in flight.
 */
public final class CheckRunner {

    /** The default number of workers. */
    public static final int DEFAULT_CONCURRENCY = 8;
    private final DomainChecker checker;
    private final int concurrency;

    public CheckRunner(DomainChecker checker) {
        this(checker, DEFAULT_CONCURRENCY);
    }

    public CheckRunner(DomainChecker checker, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.checker = checker;
        this.concurrency = concurrency;
    }

    /** The reports in the order the domains were given. */
    public List<CheckReport> run(List<String> domains) {
        Map<String, CheckReport> byDomain = new HashMap<>();
        stream(domains, r -> byDomain.put(r.domain(), r));
        List<CheckReport> reports = new ArrayList<>();
        for (String d : domains) {
            reports.add(byDomain.get(d));
        }
        return reports;
    }

    /**
     * Hands each report to {@code each} as soon as it is done (in completion order, on the calling thread) and
     * returns the overall verdict.
     */
    public Verdict stream(List<String> domains, Consumer<CheckReport> each) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, domains.size())));
        try {
            CompletionService<CheckReport> done = new ExecutorCompletionService<>(pool);
            Map<Future<CheckReport>, String> names = new HashMap<>();
            for (String d : domains) {
                names.put(done.submit(() -> checker.check(d)), d);
            }
            Verdict overall = Verdict.OK;
            for (int i = 0; i < domains.size(); i++) {
                CheckReport r = next(done, names);
                overall = overall.combine(r.verdict());
                each.accept(r);
            }
            return overall;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CheckReport next(CompletionService<CheckReport> done, Map<Future<CheckReport>, String> names) {
        Future<CheckReport> future;
        try {
            future = done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking domains", e);
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            return failed(names.get(future), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(names.get(future), "interrupted");
        }
    }

    private static CheckReport failed(String domain, String why) {
        return new CheckReport(domain, List.of(Section.unknown(Area.STS_RECORD,
                Finding.of(Severity.WARNING, "", "the check of " + domain + " failed unexpectedly: " + why))));
    }
}
