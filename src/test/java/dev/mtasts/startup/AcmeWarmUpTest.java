package dev.mtasts.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.FileStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void runsTheClientThroughRegistrationToARefusedOrderAndKeepsTheCertificate() throws Exception {
        FileStorage store = new FileStorage(dir);
        CertifiedKey pair = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom()).create("mta-sts.w.example");
        store.save("w.example", pair);

        AcmeWarmUp.run(store, "w.example", "mta-sts.w.example");

        // the account was registered at the stand-in CA over HTTPS (directory, nonce, signed newAccount)
        try (var accounts = Files.list(dir.resolve("accounts"))) {
            Path account = accounts.findFirst().orElseThrow();
            assertTrue(Files.readString(account.resolve("account.url")).strip().endsWith("/account/1"));
        }
        // the order was refused, so the renewal was recorded as failed and the certificate stayed
        var status = store.loadStatus("w.example");
        assertEquals(1, status.failures());
        assertTrue(status.lastError().orElseThrow().contains("warm-up"), status.lastError().toString());
        assertEquals(pair.leaf(), store.load("w.example").orElseThrow().leaf());
    }
}
