package dev.mtasts.testing;

import dev.mtasts.store.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** SSL contexts for test clients that trust exactly the certificates the server under test presents. */
public final class TrustStores {

    private TrustStores() {
    }

    public static SSLContext trusting(Path... pemFiles) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Path pem : pemFiles) {
            for (X509Certificate c : Pem.readCertificates(Files.readString(pem))) {
                ks.setCertificateEntry("c" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
