package dev.mtasts.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Certificates from an ACME CA ({@code [acme]}); ACME is off without a directory. The EAB HMAC key is a
 * {@link Secret}, so this record can be logged.
 *
 * @param directory the directory URL, or {@code letsencrypt} / {@code letsencrypt-staging}
 * @param eabHmacKeyFile where {@link #eabHmacKey} was read from, when it came from a file
 * @param keyType {@code ec} or {@code rsa}
 * @param challenges challenge types in order of preference
 */
public record AcmeConfig(Optional<String> directory, Optional<String> email, boolean acceptTos,
        Optional<Path> caBundle, Optional<String> eabKid, Optional<Secret> eabHmacKey, Optional<Path> eabHmacKeyFile,
        Optional<String> profile, String keyType, List<String> challenges) {

    public static final List<String> CHALLENGE_TYPES = List.of("tls-alpn-01", "http-01", "dns-01");
    public static final List<String> DIRECTORY_NAMES = List.of("letsencrypt", "letsencrypt-staging");

    public AcmeConfig {
        challenges = challenges.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        keyType = keyType.toLowerCase(Locale.ROOT);
        directory.ifPresent(AcmeConfig::checkDirectory);
        if (eabKid.isPresent() != eabHmacKey.isPresent()) {
            throw new IllegalArgumentException("--acme-eab-kid and --acme-eab-hmac-key(-file) go together"
                    + " (acme.eab_kid and acme.eab_hmac_key or acme.eab_hmac_key_file)");
        }
        if (!List.of("ec", "rsa").contains(keyType)) {
            throw new IllegalArgumentException("--acme-key-type must be ec or rsa, not '" + keyType + "'");
        }
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("--acme-challenge needs at least one of " + String.join(", ", CHALLENGE_TYPES));
        }
        for (String t : challenges) {
            if (!CHALLENGE_TYPES.contains(t)) {
                throw new IllegalArgumentException("unknown challenge type '" + t + "' in --acme-challenge (use "
                        + String.join(", ", CHALLENGE_TYPES) + ")");
            }
        }
    }

    /** ACME off, every other setting at its default. */
    @SuppressWarnings("unchecked")
    public static AcmeConfig off() {
        return new AcmeConfig(Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(),
                (String) Setting.ACME_KEY_TYPE.defaultValue().orElseThrow(),
                (List<String>) Setting.ACME_CHALLENGE.defaultValue().orElseThrow());
    }

    public boolean enabled() {
        return directory.isPresent();
    }

    private static void checkDirectory(String text) {
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
