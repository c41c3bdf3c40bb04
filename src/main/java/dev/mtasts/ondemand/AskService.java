package dev.mtasts.ondemand;

/** The provider's own last word on a domain that passed the DNS checks (Caddy calls it "ask"). */
@FunctionalInterface
public interface AskService {

    /** Whether {@code domain}, first requested by {@code client} (an IP address), may be served. Never throws. */
    boolean approves(String domain, String client);
}
