package dev.mtasts.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a checked server must chain to: the JVM's trust store (which honours the
 * {@code javax.net.ssl.trustStore*} system properties) plus the anchors of {@code --trust} PEM files.
 */
public final class TrustAnchors {

    private TrustAnchors() {
    }

    /** A PKIX trust manager over the JVM anchors and the certificates in {@code pemFiles}. */
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

    private static Collection<? extends Certificate> readCertificates(CertificateFactory factory, Path file)
            throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("--trust " + file + ": no such readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = factory.generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("--trust " + file + " contains no PEM certificate");
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("--trust " + file + " is not a PEM certificate file: " + e.getMessage(), e);
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
