package dev.mtasts.dns;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.lookup.LookupSession;

/** Builds the one {@link LookupSession} of a run: a given resolver or the system's, no search path. */
public final class LookupSessions {

    private LookupSessions() {
    }

    /**
     * @param resolver {@code --resolver}, or empty for the resolvers of the system configuration
     * @param timeout per query
     */
    public static LookupSession create(Optional<ResolverAddress> resolver, Duration timeout) throws UnknownHostException {
        Resolver r;
        if (resolver.isPresent()) {
            SimpleResolver simple = new SimpleResolver(resolver.get().host());
            simple.setPort(resolver.get().port());
            r = simple;
        } else {
            r = new ExtendedResolver();
        }
        r.setTimeout(timeout);
        return LookupSession.builder().resolver(r).clearSearchPath().build();
    }
}
