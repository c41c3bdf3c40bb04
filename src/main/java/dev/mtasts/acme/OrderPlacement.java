package dev.mtasts.acme;

import java.util.Optional;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a new order (RFC 8555 §7.4): the profile when the CA offers it, ARI {@code replaces} when
 * the CA offers ARI, and a second order without {@code replaces} when the CA answers
 * {@code alreadyReplaced} (RFC 9773 §5).
 */
final class OrderPlacement {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);

    private final Login login;
    private final Session session;
    private final Optional<String> profile;

    OrderPlacement(Login login, Session session, Optional<String> profile) {
        this.login = login;
        this.session = session;
        this.profile = profile;
    }

    Order place(IssueRequest request) throws AcmeException {
        boolean ari = session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        IssueRequest effective = ari ? request : request.withoutReplaces();
        try {
            return builder(effective).create();
        } catch (AcmeException e) {
            if (effective.replaces().isEmpty() || !AcmeFailures.hasType(e, AcmeFailures.ALREADY_REPLACED)) {
                throw e;
            }
            LOG.warn("{}: the CA says the certificate was already replaced; ordering without 'replaces'",
                    request.domain());
            return builder(effective.withoutReplaces()).create();
        }
    }

    private OrderBuilder builder(IssueRequest request) throws AcmeException {
        OrderBuilder builder = login.newOrder().domains(request.hosts());
        request.replaces().ifPresent(builder::replaces);
        if (profile.isPresent()) {
            if (session.getMetadata().isProfileAllowed(profile.get())) {
                builder.profile(profile.get());
            } else {
                LOG.warn("{}: the CA does not offer profile '{}' (it offers {}); ordering its default",
                        request.domain(), profile.get(), session.getMetadata().getProfiles());
            }
        }
        return builder;
    }
}
