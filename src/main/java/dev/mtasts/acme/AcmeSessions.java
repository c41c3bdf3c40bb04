package dev.mtasts.acme;

import java.io.IOException;
import org.shredzone.acme4j.Session;

/** Opens the acme4j session on the configured directory, trusting {@code --acme-ca-bundle} when given. */
public final class AcmeSessions {

    private AcmeSessions() {
    }

    public static Session open(AcmeSettings settings) throws IOException {
        if (settings.caBundle().isEmpty()) {
            return new Session(settings.directory());
        }
        return new Session(settings.directory(), TrustedAcmeProvider.withBundle(settings.caBundle().get()));
    }
}
