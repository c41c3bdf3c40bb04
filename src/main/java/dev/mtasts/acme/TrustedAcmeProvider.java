package dev.mtasts.acme;

import dev.mtasts.store.TrustAnchors;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;
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
            return new TrustedAcmeProvider(TrustAnchors.clientContext(TrustAnchors.load(List.of(bundle))));
        } catch (IOException e) {
            throw new IOException("--acme-ca-bundle " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IOException("--acme-ca-bundle " + bundle + ": cannot build a trust store: " + e.getMessage(), e);
        }
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
