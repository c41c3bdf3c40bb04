package dev.mtasts.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a TLS client trusts: the JVM's trust store (which honours the
 * {@code javax.net.ssl.trustStore*} system properties) plus the certificates of PEM files, such as a
 * private CA for the checker's {@code --trust} or the ACME client's {@code --acme-ca-bundle}.
 */
public final class TrustAnchors {

    private TrustAnchors() {
    }

    /**
     * A PKIX trust manager over the JVM's anchors and the certificates in {@code pemFiles}.
     *
     * @throws IOException when a file is missing, unreadable or holds no certificate; the message starts
     *     with the file name
     */
    public static X509TrustManager load(List<Path> pemFiles) throws IOException, GeneralSecurityException {
        X509TrustManager jvm = trustManager(null);
        if (pemFiles.isEmpty()) {
            return jvm;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate c : jvm.getAcceptedIssuers()) {
            store.setCertificateEntry("jvm-" + n++, c);
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Path file : pemFiles) {
            for (Certificate c : readCertificates(factory, file)) {
                store.setCertificateEntry("trust-" + n++, c);
            }
        }
        return trustManager(store);
    }

    /** A client TLS context that trusts what {@code trust} trusts. */
    public static SSLContext clientContext(X509TrustManager trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        return context;
    }

    private static Collection<? extends Certificate> readCertificates(CertificateFactory factory, Path file)
            throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException(file + ": no such readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = factory.generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException(file + " contains no PEM certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM offers no X.509 trust manager");
    }
}
