package dev.mtasts.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One ACME CA to order from: a {@code [[acme.issuers]]} table, or the single issuer the {@code [acme]}
 * keys and {@code --acme-*} flags describe. Keys an issuer table leaves out come from {@code [acme]}.
 *
 * @param name how metrics, logs and {@code mta-sts certs} name it (default: the directory's host[:port])
 * @param directory the directory URL, or {@code letsencrypt} / {@code letsencrypt-staging}
 * @param orders new orders allowed per {@code ordersWindowSeconds}
 * @param failedValidations failed validations of one host name allowed per {@code failedValidationsWindowSeconds}
 * @param caaIdentities the issuer domain names the CA is known by in CAA records (empty: no check before ordering)
 */
public record IssuerConfig(String name, String directory, Optional<String> email, Optional<Path> caBundle,
        Optional<String> eabKid, Optional<Secret> eabHmacKey, Optional<Path> eabHmacKeyFile, Optional<String> profile,
        String keyType, int orders, long ordersWindowSeconds, int failedValidations, long failedValidationsWindowSeconds,
        List<String> caaIdentities) {

    public static final List<String> DIRECTORY_NAMES = List.of("letsencrypt", "letsencrypt-staging");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** The CAA identities of well-known ACME CAs, by the domain of their directory's host (each CA's documentation). */
    private static final List<List<String>> KNOWN_CAA = List.of(List.of("letsencrypt.org", "letsencrypt.org"),
            List.of("zerossl.com", "sectigo.com"), List.of("pki.goog", "pki.goog"), List.of("buypass.com", "buypass.com"),
            List.of("ssl.com", "ssl.com"));

    public IssuerConfig {
        keyType = keyType.toLowerCase(Locale.ROOT);
        checkDirectory(directory);
        caaIdentities = caaIdentities.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("issuer name '" + name + "' must be 1 to 63 lower-case letters, digits,"
                    + " '.', '_' or '-'");
        }
        if (eabKid.isPresent() != eabHmacKey.isPresent()) {
            throw new IllegalArgumentException("issuer " + name + ": --acme-eab-kid and --acme-eab-hmac-key(-file) go"
                    + " together (eab_kid and eab_hmac_key or eab_hmac_key_file)");
        }
        if (!List.of("ec", "rsa").contains(keyType)) {
            throw new IllegalArgumentException("--acme-key-type must be ec or rsa, not '" + keyType + "'");
        }
        if (orders < 1 || failedValidations < 1 || ordersWindowSeconds < 1 || failedValidationsWindowSeconds < 1) {
            throw new IllegalArgumentException("issuer " + name + ": orders, failed_validations and their windows"
                    + " must be at least 1");
        }
    }

    /** The CAA identities of a well-known CA's directory, else none. */
    public static List<String> knownCaaIdentities(String directory) {
        String d = directory.toLowerCase(Locale.ROOT);
        String host = d.startsWith("letsencrypt") ? "api.letsencrypt.org" : hostOf(d);
        return KNOWN_CAA.stream().filter(k -> host.equals(k.get(0)) || host.endsWith("." + k.get(0)))
                .map(k -> k.get(1)).toList();
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The name an issuer gets when none is given: the directory's host[:port], or the well-known name. */
    public static String defaultName(String directory) {
        if (DIRECTORY_NAMES.contains(directory.toLowerCase(Locale.ROOT))) {
            return directory.toLowerCase(Locale.ROOT);
        }
        try {
            String authority = URI.create(directory).getAuthority();
            return authority == null ? "acme" : authority.toLowerCase(Locale.ROOT).replace(':', '_');
        } catch (IllegalArgumentException e) {
            return "acme";
        }
    }

    static void checkDirectory(String text) {
        if (DIRECTORY_NAMES.contains(text.toLowerCase(Locale.ROOT))) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("--acme-directory must be an https:// URL or letsencrypt"
                    + " / letsencrypt-staging, not '" + text + "'");
        }
    }
}
