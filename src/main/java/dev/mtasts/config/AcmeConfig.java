package dev.mtasts.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Certificates from ACME CAs ({@code [acme]} and {@code [[acme.issuers]]}); ACME is off without an issuer.
 * The EAB HMAC keys are {@link Secret}s, so this record can be logged.
 *
 * @param directory the directory URL of the single issuer the {@code [acme]} keys and flags describe, or
 *     {@code letsencrypt} / {@code letsencrypt-staging}; empty when the issuers come from {@code [[acme.issuers]]}
 * @param eabHmacKeyFile where {@link #eabHmacKey} was read from, when it came from a file
 * @param keyType {@code ec} or {@code rsa}
 * @param challenges challenge types in order of preference
 * @param issuers the CAs to order from, in order of preference (the first that can issues)
 * @param probeIntervalSeconds at most one order per this interval goes to an issuer whose breaker is open
 * @param orders the order budget of an issuer that sets none (with {@code ordersWindowSeconds})
 * @param failedValidations the failed-validation budget of an issuer that sets none
 */
public record AcmeConfig(Optional<String> directory, Optional<String> email, boolean acceptTos,
        Optional<Path> caBundle, Optional<String> eabKid, Optional<Secret> eabHmacKey, Optional<Path> eabHmacKeyFile,
        Optional<String> profile, String keyType, List<String> caaIdentities, List<String> challenges,
        List<IssuerConfig> issuers,
        long probeIntervalSeconds, int orders, long ordersWindowSeconds, int failedValidations,
        long failedValidationsWindowSeconds) {

    public static final List<String> CHALLENGE_TYPES = List.of("tls-alpn-01", "http-01", "dns-01");
    public static final List<String> DIRECTORY_NAMES = IssuerConfig.DIRECTORY_NAMES;

    public AcmeConfig {
        issuers = List.copyOf(issuers);
        if (issuers.stream().map(IssuerConfig::name).distinct().count() != issuers.size()) {
            throw new IllegalArgumentException("two issuers have the same name: give each [[acme.issuers]] a name");
        }
        if (probeIntervalSeconds < 1) {
            throw new IllegalArgumentException("--acme-probe-interval must be at least 1 second");
        }
        challenges = challenges.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        keyType = keyType.toLowerCase(Locale.ROOT);
        directory.ifPresent(IssuerConfig::checkDirectory);
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
                (String) Setting.ACME_KEY_TYPE.defaultValue().orElseThrow(), List.of(),
                (List<String>) Setting.ACME_CHALLENGE.defaultValue().orElseThrow(), List.of(),
                (Long) Setting.ACME_PROBE_INTERVAL.defaultValue().orElseThrow(),
                (Integer) Setting.ACME_ORDERS.defaultValue().orElseThrow(),
                (Long) Setting.ACME_ORDERS_WINDOW.defaultValue().orElseThrow(),
                (Integer) Setting.ACME_FAILED_VALIDATIONS.defaultValue().orElseThrow(),
                (Long) Setting.ACME_FAILED_VALIDATIONS_WINDOW.defaultValue().orElseThrow());
    }

    /** The single issuer the {@code [acme]} keys and flags describe (one issuer, named after its directory). */
    public static IssuerConfig single(String directory, Optional<String> email, Optional<Path> caBundle,
            Optional<String> eabKid, Optional<Secret> eabHmacKey, Optional<Path> eabHmacKeyFile,
            Optional<String> profile, String keyType, int orders, long ordersWindow, int failedValidations,
            long failedValidationsWindow, List<String> caaIdentities) {
        return new IssuerConfig(IssuerConfig.defaultName(directory), directory, email, caBundle, eabKid, eabHmacKey,
                eabHmacKeyFile, profile, keyType, orders, ordersWindow, failedValidations, failedValidationsWindow,
                caaIdentities.isEmpty() ? IssuerConfig.knownCaaIdentities(directory) : caaIdentities);
    }

    public boolean enabled() {
        return !issuers.isEmpty();
    }
}
