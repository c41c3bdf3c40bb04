package dev.mtasts.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which domains get series of their own, so that 100,000 domains do not make 100,000 series per metric:
 * the first {@code limit} domains seen since start keep theirs (also after a removal, should they come
 * back); every later domain counts under {@value #OTHER} and has no per-domain gauges.
 */
final class DomainLabels {

    static final String OTHER = "_other";

    private final int limit;
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();

    DomainLabels(int limit) {
        this.limit = limit;
    }

    /** Whether {@code domain} has series of its own (taking a free place if there is one). */
    boolean admit(String domain) {
        if (labelled.contains(domain)) {
            return true;
        }
        synchronized (labelled) {
            return labelled.size() < limit && labelled.add(domain) || labelled.contains(domain);
        }
    }

    /** The label to count {@code domain} under: itself, or {@value #OTHER}. */
    String label(String domain) {
        return admit(domain) ? domain : OTHER;
    }
}
