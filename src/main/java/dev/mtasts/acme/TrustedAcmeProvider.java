package dev.mtasts.acme;

import dev.mtasts.store.Pem;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * The generic acme4j provider with an HTTP client that also trusts the certificates of a PEM bundle
 * ({@code --acme-ca-bundle}) besides the JDK's roots: acme4j 4 builds its {@link HttpClient} in
 * {@code AcmeProvider.createHttpClient}, so that is where the SSL context goes.
 */
public final class TrustedAcmeProvider extends GenericAcmeProvider {

    private final SSLContext sslContext;

    public TrustedAcmeProvider(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    /** A provider trusting the JDK's roots plus every certificate in {@code bundle}. */
    public static TrustedAcmeProvider withBundle(Path bundle) throws IOException {
        try {
            List<X509Certificate> extra = Pem.readCertificates(Files.readString(bundle, StandardCharsets.US_ASCII));
            if (extra.isEmpty()) {
                throw new IOException("no PEM certificate in " + bundle);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate c : extra) {
                trust.setCertificateEntry("bundle-" + i++, c);
            }
            for (X509Certificate c : jdkRoots()) {
                trust.setCertificateEntry("jdk-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return new TrustedAcmeProvider(context);
        } catch (IOException e) {
            throw new IOException("--acme-ca-bundle " + bundle + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IOException("--acme-ca-bundle " + bundle + ": cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] jdkRoots() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.getTimeout())
                .proxy(settings.getProxySelector())
                .sslContext(sslContext);
        if (settings.getAuthenticator() != null) {
            builder.authenticator(settings.getAuthenticator());
        }
        return builder.build();
    }
}
