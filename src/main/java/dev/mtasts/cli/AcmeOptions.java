package dev.mtasts.cli;

import dev.mtasts.acme.AcmeSettings;
import dev.mtasts.acme.KeyType;
import dev.mtasts.config.FileConfig;
import dev.mtasts.dns.DnsUpdater;
import dev.mtasts.dns.Rfc2136Updater;
import dev.mtasts.dns.TsigKeyFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The ACME flags shared by {@code serve} and {@code renew} (a picocli mixin). */
public final class AcmeOptions {

    static final List<String> CHALLENGE_TYPES = List.of("tls-alpn-01", "http-01", "dns-01");
    static final List<String> DEFAULT_CHALLENGES = List.of("tls-alpn-01", "http-01");

    @Option(names = "--acme-directory", paramLabel = "URL",
            description = "ACME directory URL, or letsencrypt / letsencrypt-staging. Without it no certificate is ordered.")
    String directory;

    @Option(names = "--acme-email", paramLabel = "ADDRESS", description = "Contact address for the ACME account.")
    String email;

    @Option(names = "--acme-accept-tos", description = "Accept the CA's terms of service.")
    boolean acceptTos;

    @Option(names = "--acme-ca-bundle", paramLabel = "PEM",
            description = "Extra CA certificates to trust for the ACME server's own HTTPS (private or test CAs).")
    Path caBundle;

    @Option(names = "--acme-eab-kid", paramLabel = "KID", description = "External Account Binding key id.")
    String eabKid;

    @Option(names = "--acme-eab-hmac-key", paramLabel = "KEY",
            description = "External Account Binding HMAC key (base64url, as the CA gives it).")
    String eabHmacKey;

    @Option(names = "--acme-profile", paramLabel = "NAME",
            description = "Certificate profile to order when the CA offers it (e.g. classic, tlsserver, shortlived).")
    String profile;

    @Option(names = "--acme-key-type", paramLabel = "ec|rsa",
            description = "Certificate key: ECDSA P-256 (default) or RSA 2048.")
    String keyType;

    @Option(names = "--acme-challenge", paramLabel = "TYPE", split = ",",
            description = "Challenge types in order of preference; the next is tried when one fails. Default: tls-alpn-01,http-01.")
    List<String> challenges;

    @Option(names = "--acme-backoff-scale", paramLabel = "FACTOR", hidden = true, defaultValue = "1",
            description = "Tests only: multiply every retry wait of the backoff table by FACTOR, in (0, 1].")
    double backoffScale = 1;

    @Option(names = "--dns-update-server", paramLabel = "HOST:PORT",
            description = "Primary DNS server accepting RFC 2136 updates, for dns-01.")
    String dnsUpdateServer;

    @Option(names = "--tsig-key-file", paramLabel = "FILE",
            description = "TSIG key for the DNS updates, in the format tsig-keygen writes.")
    Path tsigKeyFile;

    /**
     * Takes the {@code [acme]} and {@code [dns]} tables of the config file for every flag not given on the
     * command line (flags win). The parser has already checked keys and types.
     */
    public void fillFrom(Optional<FileConfig> file) {
        if (file.isEmpty()) {
            return;
        }
        Map<String, Object> a = file.get().sections().getOrDefault("acme", Map.of());
        Map<String, Object> d = file.get().sections().getOrDefault("dns", Map.of());
        directory = directory != null ? directory : (String) a.get("directory");
        email = email != null ? email : (String) a.get("email");
        acceptTos = acceptTos || Boolean.TRUE.equals(a.get("accept_tos"));
        caBundle = caBundle != null ? caBundle : path(file.get(), a.get("ca_bundle"));
        eabKid = eabKid != null ? eabKid : (String) a.get("eab_kid");
        eabHmacKey = eabHmacKey != null ? eabHmacKey : (String) a.get("eab_hmac_key");
        profile = profile != null ? profile : (String) a.get("profile");
        keyType = keyType != null ? keyType : (String) a.get("key_type");
        if (challenges == null && a.get("challenges") instanceof List<?> list) {
            challenges = list.stream().map(String::valueOf).toList();
        }
        dnsUpdateServer = dnsUpdateServer != null ? dnsUpdateServer : (String) d.get("update_server");
        tsigKeyFile = tsigKeyFile != null ? tsigKeyFile : path(file.get(), d.get("tsig_key_file"));
    }

    private static Path path(FileConfig file, Object value) {
        return value == null ? null : file.source().toAbsolutePath().getParent().resolve((String) value).normalize();
    }

    /** Whether ACME is configured at all. */
    public boolean enabled() {
        return directory != null;
    }

    /** The validated settings; throws IllegalArgumentException with the flag to fix. */
    public AcmeSettings settings() {
        if (directory == null) {
            throw new IllegalArgumentException("--acme-directory is required to order certificates");
        }
        if ((eabKid == null) != (eabHmacKey == null)) {
            throw new IllegalArgumentException("--acme-eab-kid and --acme-eab-hmac-key go together");
        }
        List<String> types = challengeTypes();
        if (types.contains("dns-01") && (dnsUpdateServer == null || tsigKeyFile == null)) {
            throw new IllegalArgumentException("dns-01 needs --dns-update-server HOST:PORT and --tsig-key-file FILE");
        }
        return new AcmeSettings(directoryUri(directory), Optional.ofNullable(email), acceptTos,
                Optional.ofNullable(caBundle),
                eabKid == null ? Optional.empty() : Optional.of(new AcmeSettings.ExternalAccountBinding(eabKid, eabHmacKey)),
                Optional.ofNullable(profile), KeyType.parse(keyType == null ? "ec" : keyType), types);
    }

    /** The factor for every retry wait (1 in production; lab tests shrink it). */
    public double backoffScale() {
        if (!(backoffScale > 0 && backoffScale <= 1)) {
            throw new IllegalArgumentException("--acme-backoff-scale must be in (0, 1], not " + backoffScale);
        }
        return backoffScale;
    }

    /** The RFC 2136 updater for dns-01, when configured. */
    public Optional<DnsUpdater> dnsUpdater() throws IOException {
        if (dnsUpdateServer == null || tsigKeyFile == null) {
            return Optional.empty();
        }
        return Optional.of(new Rfc2136Updater(hostPort(dnsUpdateServer), TsigKeyFile.read(tsigKeyFile),
                Duration.ofSeconds(10)));
    }

    List<String> challengeTypes() {
        List<String> given = challenges == null ? DEFAULT_CHALLENGES : challenges;
        List<String> types = given.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String t : types) {
            if (!CHALLENGE_TYPES.contains(t)) {
                throw new IllegalArgumentException("unknown challenge type '" + t + "' in --acme-challenge (use "
                        + String.join(", ", CHALLENGE_TYPES) + ")");
            }
        }
        return types;
    }

    static URI directoryUri(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "letsencrypt":
                return AcmeSettings.LETSENCRYPT;
            case "letsencrypt-staging":
                return AcmeSettings.LETSENCRYPT_STAGING;
            default:
                URI uri = URI.create(text);
                if (!"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new IllegalArgumentException("--acme-directory must be an https:// URL or letsencrypt"
                            + " / letsencrypt-staging, not '" + text + "'");
                }
                return uri;
        }
    }

    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--dns-update-server must be HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon).replaceAll("^\\[|\\]$", "");
        try {
            return new InetSocketAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-update-server must be HOST:PORT, not '" + text + "'", e);
        }
    }
}
