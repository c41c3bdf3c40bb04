package dev.mtasts.dns;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key (RFC 8945) that signs RFC 2136 updates: its name, HMAC algorithm ({@code hmac-sha256} ...)
 * and base64 secret. {@link #toString()} never shows the secret.
 */
public record TsigKey(String name, String algorithm, String secret) {

    private static final List<String> ALGORITHMS = List.of("hmac-sha256", "hmac-sha384", "hmac-sha512",
            "hmac-sha224", "hmac-sha1", "hmac-md5.sig-alg.reg.int");

    public TsigKey {
        Objects.requireNonNull(name, "name");
        algorithm = Objects.requireNonNull(algorithm, "algorithm").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(secret, "secret");
        try {
            Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret of TSIG key " + name + " is not base64");
        }
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("unsupported TSIG algorithm " + algorithm + " (use one of "
                    + String.join(", ", ALGORITHMS) + ")");
        }
    }

    /** The dnsjava signer for this key. */
    public TSIG toTsig() {
        try {
            return new TSIG(Name.fromString(algorithm, Name.root), Name.fromString(name, Name.root), secret);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid TSIG key name " + name, e);
        }
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + ", " + algorithm + "]";
    }
}
