package dev.mtasts.policy;

/**
 * The sending implementations findings name, as the differential lab test (src/test/lab/check-diff-lab.sh)
 * observed them: postfix-mta-sts-resolver 1.1.2 (with Postfix) and mailauth 7.1.0 in strict mode.
 */
public final class Senders {

    public static final String POSTFIX = "postfix-mta-sts-resolver";
    public static final String MAILAUTH = "mailauth";
    public static final String BOTH = POSTFIX + " and " + MAILAUTH;

    private Senders() {
    }
}
