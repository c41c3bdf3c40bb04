package dev.mtasts.acme;

import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.StoreException;
import java.net.URL;
import java.security.KeyPair;
import java.util.Optional;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME account: reuses the stored key and URL, or registers (with consent to the terms of service
 * and External Account Binding when the CA wants them) and stores both. The account key is ECDSA P-256.
 */
final class AcmeAccountLogin {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeAccountLogin.class);

    private final AcmeSettings settings;
    private final AccountStorage store;

    AcmeAccountLogin(AcmeSettings settings, AccountStorage store) {
        this.settings = settings;
        this.store = store;
    }

    /** Logs in with the stored account, or registers one when {@code register} or none is stored. */
    Login login(Session session, boolean register) throws IssuanceException {
        try {
            KeyPair key = accountKey();
            Optional<URL> url = store.loadUrl();
            if (url.isPresent() && !register) {
                return session.login(url.get(), key);
            }
            Login login = builder(session.getMetadata(), key).createLogin(session);
            if (!key.getPublic().equals(store.loadKeyPair().map(KeyPair::getPublic).orElse(null))) {
                // another replica of a shared store saved its own key meanwhile: register with that one instead
                LOG.info("the stored ACME account key changed while registering (another replica); using it");
                return login(session, true);
            }
            store.saveUrl(login.getAccountLocation());
            LOG.info("ACME account {} ready at {}", login.getAccountLocation(), settings.directory());
            return login;
        } catch (AcmeException e) {
            throw AcmeFailures.translate("account at " + settings.directory(), e);
        } catch (StoreException e) {
            throw new IssuanceException(FailureReason.STORAGE, e.getMessage(), null, e);
        }
    }

    /** Whether an account URL is stored (else the next {@link #login} registers one). */
    boolean isStored() {
        try {
            return store.loadUrl().isPresent();
        } catch (StoreException e) {
            return false;
        }
    }

    private KeyPair accountKey() throws StoreException {
        Optional<KeyPair> stored = store.loadKeyPair();
        if (stored.isPresent()) {
            return stored.get();
        }
        KeyPair key = KeyType.EC.generate();
        store.saveKeyPair(key);
        // replicas sharing a store may each make a key at the same moment: all use the one stored last
        return store.loadKeyPair().orElse(key);
    }

    private AccountBuilder builder(Metadata meta, KeyPair key) throws IssuanceException {
        AccountBuilder builder = new AccountBuilder().useKeyPair(key);
        settings.email().ifPresent(builder::addEmail);
        if (meta.getTermsOfService().isPresent()) {
            if (!settings.acceptTermsOfService()) {
                throw new IssuanceException(FailureReason.ACCOUNT, "the CA " + settings.directory()
                        + " requires accepting its terms of service at " + meta.getTermsOfService().get()
                        + ": read them, then add --acme-accept-tos");
            }
            builder.agreeToTermsOfService();
        }
        if (settings.eab().isPresent()) {
            builder.withKeyIdentifier(settings.eab().get().keyId(), settings.eab().get().hmacKey());
        } else if (meta.isExternalAccountRequired()) {
            throw new IssuanceException(FailureReason.ACCOUNT, "the CA " + settings.directory()
                    + " requires External Account Binding: add --acme-eab-kid and --acme-eab-hmac-key from the CA");
        }
        return builder;
    }
}
