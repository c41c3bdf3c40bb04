package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JVM roots plus PEM files, the one trust-manager recipe of the checker and the ACME client. */
class TrustAnchorsTest {

    @TempDir
    Path dir;

    @Test
    void addsTheCertificatesOfPemFilesToTheJvmRoots() throws Exception {
        CertifiedKey ca = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom()).create("ca.example");
        Path pem = Files.writeString(dir.resolve("ca.pem"), Pem.writeChain(ca.chain()));
        int jvmRoots = TrustAnchors.load(List.of()).getAcceptedIssuers().length;

        X509TrustManager trust = TrustAnchors.load(List.of(pem));

        assertEquals(jvmRoots + 1, trust.getAcceptedIssuers().length);
        assertTrue(Arrays.asList(trust.getAcceptedIssuers()).contains(ca.leaf()));
        trust.checkServerTrusted(ca.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
    }

    @Test
    void namesTheFileWithoutCertificate() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

        IOException e = assertThrows(IOException.class, () -> TrustAnchors.load(List.of(empty)));

        assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
        assertEquals(dir.resolve("missing.pem") + ": no such readable file",
                assertThrows(IOException.class, () -> TrustAnchors.load(List.of(dir.resolve("missing.pem")))).getMessage());
    }
}
