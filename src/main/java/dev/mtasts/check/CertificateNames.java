package dev.mtasts.check;

import dev.mtasts.policy.DomainNames;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The DNS names a certificate is valid for (subjectAltName dNSName entries; the subject CN is not
 * used, as for browsers and senders) and matching per RFC 6125: a wildcard stands for the whole
 * leftmost label only.
 */
final class CertificateNames {

    private static final int DNS_NAME = 2;

    private CertificateNames() {
    }

    static List<String> of(X509Certificate cert) {
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
            return names;
        }
        return names;
    }

    static boolean matches(List<String> names, String host) {
        String h = DomainNames.normalize(host);
        return names.stream().map(DomainNames::normalize).anyMatch(n -> matchesOne(n, h));
    }

    private static boolean matchesOne(String name, String host) {
        if (!name.startsWith("*.")) {
            return name.equals(host);
        }
        String suffix = name.substring(1);
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(suffix);
    }
}
