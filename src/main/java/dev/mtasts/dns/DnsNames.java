package dev.mtasts.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Host names as text to dnsjava's absolute {@link Name}: the one conversion of this package. */
final class DnsNames {

    private DnsNames() {
    }

    /** {@code host} as an absolute name (a trailing dot is optional); fails with a message naming it. */
    static Name absolute(String host) throws TextParseException {
        return Name.fromString(host.endsWith(".") ? host : host + ".");
    }
}
