package dev.mtasts.policy;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The DNS names a certificate is valid for (subjectAltName dNSName entries; the subject CN is not used,
 * as for browsers and senders) and matching a host name against them per RFC 6125 §6.4: case-insensitive,
 * a trailing dot on either side ignored (an absolute name is the same name), and a wildcard standing for
 * the whole leftmost label only. The one rule for the server (which certificate covers a policy host) and
 * the checker (does the served certificate cover it).
 */
public final class CertificateNames {

    private static final int DNS_NAME = 2;

    private CertificateNames() {
    }

    /** The dNSName entries of {@code cert}'s subjectAltName, as written in the certificate. */
    public static List<String> of(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return names;
            }
            for (List<?> san : sans) {
                if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))) {
                    names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    /** Whether one of {@code names} (from a certificate) is valid for {@code host}. */
    public static boolean matches(List<String> names, String host) {
        String h = DomainNames.normalize(host);
        for (String name : names) {
            if (matchesOne(DomainNames.normalize(name), h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(String name, String host) {
        if (!name.startsWith("*.")) {
            return name.equals(host);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(name.substring(1));
    }
}
