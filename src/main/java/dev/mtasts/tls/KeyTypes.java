package dev.mtasts.tls;

/**
 * Which key-manager "key types" a private key can serve. The JDK asks for {@code EC}, {@code RSA} or
 * {@code RSASSA-PSS}; Netty's BoringSSL glue asks for {@code EC}, {@code EC_EC}, {@code EC_RSA},
 * {@code RSA} or {@code DH_RSA}, named after the signature the handshake needs.
 */
final class KeyTypes {

    private KeyTypes() {
    }

    static boolean accepts(String keyAlgorithm, String keyType) {
        if (keyType == null) {
            return false;
        }
        return switch (keyAlgorithm) {
            case "EC" -> keyType.equals("EC") || keyType.equals("EC_EC");
            case "RSA" -> keyType.equals("RSA") || keyType.equals("RSASSA-PSS");
            default -> keyType.equals(keyAlgorithm);
        };
    }
}
