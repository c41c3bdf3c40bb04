package dev.mtasts.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code id} of a {@code _mta-sts} TXT record: 1 to 32 letters and digits (RFC 8461 §3.1). Ids
 * this program generates are derived from the policy body, so the same policy always has the same id
 * and any change to the body changes it.
 */
public record PolicyId(String value) {

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final int DERIVED_LENGTH = 20;

    public PolicyId {
        Objects.requireNonNull(value, "value");
        if (!SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("a policy id is 1 to 32 letters and digits, got '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return SYNTAX.matcher(value).matches();
    }

    /** The first 80 bits of the SHA-256 of the canonical body, in lower-case hex. */
    public static PolicyId of(Policy policy) {
        byte[] body = policy.render().getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new PolicyId(HexFormat.of().formatHex(digest).substring(0, DERIVED_LENGTH));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
