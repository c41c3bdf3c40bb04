package dev.mtasts.tls;

import dev.mtasts.store.CertifiedKey;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds server TLS contexts: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers only, ALPN
 * {@code http/1.1}. BoringSSL (netty-tcnative) when it loads, the JDK's engine otherwise.
 */
public final class TlsContexts {

    public static final String ACME_TLS_1 = "acme-tls/1";
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int MIN_CACHED_KEYS = 16;

    private final SslProvider provider;

    private TlsContexts(SslProvider provider) {
        this.provider = provider;
    }

    /** Uses OpenSSL/BoringSSL when available unless {@code preferJdk}; logs the choice once. */
    public static TlsContexts create(boolean preferJdk) {
        if (!preferJdk && OpenSsl.isAvailable()) {
            LOG.info("TLS engine: {} (netty-tcnative)", OpenSsl.versionString());
            return new TlsContexts(SslProvider.OPENSSL);
        }
        if (!preferJdk) {
            LOG.warn("TLS engine: JDK (netty-tcnative unavailable: {}); handshakes will be slower",
                    String.valueOf(OpenSsl.unavailabilityCause()));
        } else {
            LOG.info("TLS engine: JDK (requested)");
        }
        return new TlsContexts(SslProvider.JDK);
    }

    public SslProvider provider() {
        return provider;
    }

    /** One context presenting each of these fixed certificates ({@code byHost}: policy host name to key and chain). */
    public SslContext forSites(Map<String, CertifiedKey> byHost) throws SSLException {
        return forHosts(CertificateMap.of(byHost), byHost.size());
    }

    /**
     * One context presenting every policy host's own certificate, read from {@code certificates} at each
     * handshake. Handlers for it must be created with the SNI name as peer host, see {@link SniKeyManager}.
     * With {@code nativeKeys} > 0, BoringSSL's form of a certificate is kept by alias for the life of the
     * context, for about that many certificates; with 0 it is made at each handshake. Keeping it saves ~12%
     * of a handshake's CPU for a host asked again, but once full, netty scans all it keeps at every miss:
     * with random names among 100,000 hosts and 4,096 kept, a handshake cost 1.23 ms of CPU with it and
     * 0.90 ms without (bench/scale.sh, 2026-12-03). So keep them only when every host fits.
     */
    public SslContext forHosts(HostCertificates certificates, int nativeKeys) throws SSLException {
        return builder(certificates, nativeKeys, ApplicationProtocolNames.HTTP_1_1).build();
    }

    /** The context for a TLS-ALPN-01 challenge (RFC 8737): negotiates only {@code acme-tls/1}. */
    public SslContext forAcmeChallenge(String host, CertifiedKey pair) throws SSLException {
        return builder(CertificateMap.of(Map.of(host, pair)), 1, ACME_TLS_1).build();
    }

    private SslContextBuilder builder(HostCertificates certificates, int nativeKeys, String alpn) {
        KeyManagerFactory keys = new KeyManagerFactoryWrapper(new SniKeyManager(certificates));
        if (provider != SslProvider.JDK && nativeKeys > 0) {
            keys = new OpenSslCachingX509KeyManagerFactory(keys, Math.max(MIN_CACHED_KEYS, nativeKeys));
        }
        return SslContextBuilder.forServer(keys)
                .sslProvider(provider)
                .trustManager(new NoClientCertificates())
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        alpn));
    }
}
