package dev.mtasts.acme;

/** Why a renewal is planned for a given time. */
public enum RenewalReason {
    NO_CERTIFICATE("no certificate yet"),
    UNUSABLE("the current certificate cannot be used (self-signed, expired or wrong names)"),
    ARI_WINDOW("random time inside the CA's renewal window (ARI)"),
    ARI_WINDOW_PASSED("the CA's renewal window (ARI) has started or passed"),
    ONE_THIRD_LEFT("one third of the lifetime left (no ARI)"),
    HALF_LEFT("half of the lifetime left, short-lived certificate (no ARI)"),
    EMERGENCY("emergency backstop: little lifetime left"),
    FORCED("forced by the user");

    private final String description;

    RenewalReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
