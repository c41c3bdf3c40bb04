package dev.mtasts.cli;

import dev.mtasts.acme.CertificateIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME side of {@code serve}'s start, off the main thread: builds the issuer (reading the CA bundle
 * and the JDK's roots takes a moment) while the listeners come up, then, when a certificate is missing,
 * lets it {@link CertificateIssuer#prepare prepare} (register or fetch the account), so the first order
 * starts on an open connection with a ready account as soon as the renewal loop runs. The loop's first
 * order waits for a preparation still running (the issuer is synchronized), never the server.
 */
final class AcmeStartup {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeStartup.class);

    /** Builds the issuer; may read files and fail with an {@link IOException}. */
    interface IssuerFactory {
        CertificateIssuer build() throws IOException;
    }

    private final CompletableFuture<CertificateIssuer> issuer = new CompletableFuture<>();

    private AcmeStartup() {
    }

    /** Starts building (and, when {@code certificateMissing}, preparing) on a daemon thread. */
    static AcmeStartup begin(IssuerFactory factory, boolean certificateMissing) {
        AcmeStartup startup = new AcmeStartup();
        Thread thread = new Thread(() -> startup.run(factory, certificateMissing), "acme-startup");
        thread.setDaemon(true);
        thread.start();
        return startup;
    }

    private void run(IssuerFactory factory, boolean certificateMissing) {
        CertificateIssuer built;
        try {
            built = factory.build();
        } catch (IOException | RuntimeException | Error e) {
            issuer.completeExceptionally(e);
            return;
        }
        issuer.complete(built);
        if (certificateMissing) {
            LOG.debug("a certificate is missing: getting the ACME account ready");
            built.prepare();
        }
    }

    /** The issuer, once built (not waiting for the preparation); the factory's failure, if it failed. */
    CertificateIssuer issuer() throws IOException, InterruptedException {
        try {
            return issuer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }
}
