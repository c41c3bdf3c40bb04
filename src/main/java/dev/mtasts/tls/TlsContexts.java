package dev.mtasts.tls;

import dev.mtasts.store.CertifiedKey;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
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

    /** The context that presents {@code pair} for a policy host, negotiating http/1.1. */
    public SslContext forSite(CertifiedKey pair) throws SSLException {
        return builder(pair, ApplicationProtocolNames.HTTP_1_1).build();
    }

    /** The context for a TLS-ALPN-01 challenge (RFC 8737): negotiates only {@code acme-tls/1}. */
    public SslContext forAcmeChallenge(CertifiedKey pair) throws SSLException {
        return builder(pair, ACME_TLS_1).build();
    }

    private SslContextBuilder builder(CertifiedKey pair, String alpn) {
        return SslContextBuilder.forServer(pair.key(), pair.chain().toArray(new X509Certificate[0]))
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        alpn));
    }
}
