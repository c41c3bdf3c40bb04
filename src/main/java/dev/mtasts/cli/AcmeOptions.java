package dev.mtasts.cli;

import dev.mtasts.acme.AcmeSettings;
import dev.mtasts.acme.KeyType;
import dev.mtasts.config.AcmeConfig;
import dev.mtasts.config.Defaults;
import dev.mtasts.config.DnsConfig;
import dev.mtasts.config.IssuerConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
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
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The ACME and RFC 2136 flags shared by {@code serve} and {@code renew} (a picocli mixin), and the step from
 * the merged {@link AcmeConfig} / {@link DnsConfig} to the settings the {@code acme} and {@code dns}
 * packages take.
 */
public final class AcmeOptions {

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
            description = "External Account Binding HMAC key (base64url, as the CA gives it); prefer"
                    + " --acme-eab-hmac-key-file, which keeps it out of the process list.")
    String eabHmacKey;

    @Option(names = "--acme-eab-hmac-key-file", paramLabel = "FILE",
            description = "File holding the External Account Binding HMAC key.")
    Path eabHmacKeyFile;

    @Option(names = "--acme-profile", paramLabel = "NAME",
            description = "Certificate profile to order when the CA offers it (e.g. classic, tlsserver, shortlived).")
    String profile;

    @Option(names = "--acme-key-type", paramLabel = "ec|rsa",
            description = "Certificate key: ec (ECDSA P-256) or rsa (RSA 2048) (default: " + Defaults.ACME_KEY_TYPE + ").")
    String keyType;

    @Option(names = "--acme-challenge", paramLabel = "TYPE", split = ",",
            description = "Challenge types in order of preference; the next is tried when one fails (default: "
                    + Defaults.ACME_CHALLENGES + ").")
    List<String> challenges;

    @Option(names = "--acme-caa-identity", paramLabel = "DOMAIN", split = ",",
            description = "Issuer domain name the CA is known by in CAA records (known CAs need none).")
    List<String> caaIdentities;

    @Option(names = "--acme-probe-interval", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "While an issuer is unavailable, at most one order goes to it per this interval (default: "
                    + Defaults.ACME_PROBE_INTERVAL + ").")
    Long probeInterval;

    @Option(names = "--acme-orders", paramLabel = "N",
            description = "New orders per issuer per --acme-orders-window (default: " + Defaults.ACME_ORDERS + ").")
    Integer orders;

    @Option(names = "--acme-orders-window", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "Window of the order budget (default: " + Defaults.ACME_ORDERS_WINDOW + ").")
    Long ordersWindow;

    @Option(names = "--acme-failed-validations", paramLabel = "N",
            description = "Failed validations of one host name per issuer per window (default: "
                    + Defaults.ACME_FAILED_VALIDATIONS + ").")
    Integer failedValidations;

    @Option(names = "--acme-failed-validations-window", paramLabel = "DURATION",
            converter = SiteOptions.DurationConverter.class,
            description = "Window of the failed-validation budget (default: " + Defaults.ACME_FAILED_VALIDATIONS_WINDOW
                    + ").")
    Long failedValidationsWindow;

    @Option(names = "--acme-backoff-scale", paramLabel = "FACTOR", hidden = true, defaultValue = "1",
            description = "Tests only: multiply every retry wait of the backoff table by FACTOR, in (0, 1].")
    double backoffScale = 1;

    @Option(names = "--dns-update-server", paramLabel = "HOST:PORT",
            description = "Primary DNS server accepting RFC 2136 updates, for dns-01.")
    String dnsUpdateServer;

    @Option(names = "--tsig-key-file", paramLabel = "FILE",
            description = "TSIG key for the DNS updates, in the format tsig-keygen writes.")
    Path tsigKeyFile;

    /** The flags given, as settings. */
    SettingValues addTo(SettingValues flags) {
        return flags.put(Setting.ACME_DIRECTORY, directory).put(Setting.ACME_EMAIL, email)
                .put(Setting.ACME_ACCEPT_TOS, acceptTos ? Boolean.TRUE : null).put(Setting.ACME_CA_BUNDLE, caBundle)
                .put(Setting.ACME_EAB_KID, eabKid)
                .put(Setting.ACME_EAB_HMAC_KEY, eabHmacKey == null ? null : new dev.mtasts.config.Secret(eabHmacKey))
                .put(Setting.ACME_EAB_HMAC_KEY_FILE, eabHmacKeyFile).put(Setting.ACME_PROFILE, profile)
                .put(Setting.ACME_KEY_TYPE, keyType).put(Setting.ACME_CHALLENGE, challenges)
                .put(Setting.ACME_PROBE_INTERVAL, probeInterval).put(Setting.ACME_CAA_IDENTITIES, caaIdentities)
                .put(Setting.ACME_ORDERS, orders)
                .put(Setting.ACME_ORDERS_WINDOW, ordersWindow)
                .put(Setting.ACME_FAILED_VALIDATIONS, failedValidations)
                .put(Setting.ACME_FAILED_VALIDATIONS_WINDOW,
                        failedValidationsWindow)
                .put(Setting.DNS_UPDATE_SERVER, dnsUpdateServer).put(Setting.TSIG_KEY_FILE, tsigKeyFile);
    }

    /** The settings of the first (or only) issuer. */
    static AcmeSettings settings(AcmeConfig acme) {
        if (!acme.enabled()) {
            throw new IllegalArgumentException("--acme-directory is required to order certificates");
        }
        return settings(acme.issuers().get(0), acme);
    }

    /** The settings the ACME client takes for one issuer; {@code issuer} is valid (its record checked it). */
    static AcmeSettings settings(IssuerConfig issuer, AcmeConfig acme) {
        return new AcmeSettings(directoryUri(issuer.directory()), issuer.email(), acme.acceptTos(), issuer.caBundle(),
                issuer.eabKid().map(kid -> new AcmeSettings.ExternalAccountBinding(kid,
                        issuer.eabHmacKey().orElseThrow().value())),
                issuer.profile(), KeyType.parse(issuer.keyType()), acme.challenges());
    }

    /** The factor for every retry wait (1 in production; lab tests shrink it). */
    public double backoffScale() {
        if (!(backoffScale > 0 && backoffScale <= 1)) {
            throw new IllegalArgumentException("--acme-backoff-scale must be in (0, 1], not " + backoffScale);
        }
        return backoffScale;
    }

    /** The RFC 2136 updater for dns-01 and publish_id, when configured. */
    static Optional<DnsUpdater> dnsUpdater(DnsConfig dns) throws IOException {
        if (!dns.updates()) {
            return Optional.empty();
        }
        return Optional.of(new Rfc2136Updater(hostPort(dns.updateServer().get()), TsigKeyFile.read(dns.tsigKeyFile().get()),
                Duration.ofSeconds(10)));
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
