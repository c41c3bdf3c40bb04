package dev.mtasts.check;

/** The parts of a domain's MTA-STS setup, in the order a report shows them. */
public enum Area {
    STS_RECORD("sts-record", "MTA-STS TXT record"),
    POLICY_HOST("policy-host", "Policy host"),
    POLICY("policy", "Policy"),
    MX("mx", "MX coverage"),
    TLSRPT("tlsrpt", "TLS reporting"),
    SMTP("smtp", "SMTP STARTTLS");

    private final String key;
    private final String title;

    Area(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** Stable identifier used in JSON. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }
}
