package dev.mtasts.policy;

/** How much a finding matters, ordered from harmless to fatal; the checker's exit code follows it. */
public enum Severity {
    OK,
    INFO,
    WARNING,
    CRITICAL;

    public Severity max(Severity other) {
        return other.compareTo(this) > 0 ? other : this;
    }

    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
