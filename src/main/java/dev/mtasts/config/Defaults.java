package dev.mtasts.config;

/**
 * Every built-in default, once, as the text a user would write (so the {@code serve} help text can quote
 * it as a compile-time constant). {@link Setting} turns each into its typed value; the consistency test
 * checks that the help text, {@code conf/mta-sts.toml} and {@code docs/configuration.md} agree with these.
 */
public final class Defaults {

    public static final String HTTPS_PORT = "443";
    public static final String HTTP_PORT = "80";
    public static final String ADMIN_PORT = "9180";
    public static final String ADMIN_BIND = "127.0.0.1";
    public static final String CERTS_DIR = "certs";
    public static final String MAX_CONNECTIONS = "20000";
    public static final String MAX_CONNECTIONS_PER_IP = "256";
    public static final String CERTIFICATE_CACHE = "4096";
    public static final String REQUEST_TIMEOUT = "20s";
    public static final String IDLE_TIMEOUT = "60s";
    /** 0 means one event-loop thread per CPU. */
    public static final String THREADS = "0";
    public static final String MODE = "testing";
    public static final String MAX_AGE = "604800";
    public static final String ACME_KEY_TYPE = "ec";
    public static final String ACME_CHALLENGES = "tls-alpn-01,http-01";
    /** At most one order to an unavailable issuer per this interval (its breaker's probe). */
    public static final String ACME_PROBE_INTERVAL = "30s";
    /** Let's Encrypt's published limits: 300 new orders per account per 3 hours ... */
    public static final String ACME_ORDERS = "300";
    public static final String ACME_ORDERS_WINDOW = "3h";
    /** ... and 5 authorization failures per host name per account per hour. */
    public static final String ACME_FAILED_VALIDATIONS = "5";
    public static final String ACME_FAILED_VALIDATIONS_WINDOW = "1h";
    public static final String DNS_CHECK_INTERVAL = "10m";
    public static final String ON_DEMAND_ASK_TIMEOUT = "3s";
    public static final String ON_DEMAND_NEGATIVE_TTL = "10m";
    public static final String ON_DEMAND_DOMAIN_INTERVAL = "10m";
    public static final String ON_DEMAND_RATE = "10";
    public static final String ON_DEMAND_BURST = "20";
    /** Let's Encrypt's published limit: 300 new orders per account per 3 hours. */
    public static final String ON_DEMAND_ORDERS = "300";
    public static final String ON_DEMAND_ORDERS_WINDOW = "3h";
    public static final String ON_DEMAND_WAIT = "15s";
    public static final String TLSRPT_PATH = "/tlsrpt";
    public static final String TLSRPT_MAX_BODY = "5MiB";
    public static final String TLSRPT_MAX_REPORT = "50MiB";
    public static final String TLSRPT_RETENTION = "90d";

    private Defaults() {
    }
}
