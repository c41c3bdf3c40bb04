package dev.mtasts.acme;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to talk to the CA: directory, account contact and consent, extra trust for the CA's HTTPS,
 * External Account Binding, profile, certificate key type and the challenge types in order of preference.
 */
public record AcmeSettings(URI directory, Optional<String> email, boolean acceptTermsOfService,
        Optional<Path> caBundle, Optional<ExternalAccountBinding> eab, Optional<String> profile, KeyType keyType,
        List<String> challenges) {

    public static final URI LETSENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    public static final URI LETSENCRYPT_STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");

    public AcmeSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(eab, "eab");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(keyType, "keyType");
        challenges = List.copyOf(challenges);
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("at least one challenge type is needed");
        }
    }

    /** External Account Binding (RFC 8555 §7.3.4): key id and the base64url HMAC key from the CA. */
    public record ExternalAccountBinding(String keyId, String hmacKey) {
        public ExternalAccountBinding {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(hmacKey, "hmacKey");
        }

        @Override
        public String toString() {
            return "ExternalAccountBinding[" + keyId + "]";
        }
    }
}
