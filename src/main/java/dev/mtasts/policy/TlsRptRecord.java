package dev.mtasts.policy;

import java.util.List;

/** A valid {@code _smtp._tls} TXT record (RFC 8460 §3): where to send TLS failure reports. */
public record TlsRptRecord(List<String> rua) {

    public static final String VERSION = "v=TLSRPTv1";

    public TlsRptRecord {
        rua = List.copyOf(rua);
        if (rua.isEmpty()) {
            throw new IllegalArgumentException("a TLSRPT record needs at least one rua URI");
        }
    }

    public String render() {
        return VERSION + "; rua=" + String.join(",", rua);
    }

    /** A template for a domain that has none yet: reports by mail to tlsrpt@ the domain. */
    public static TlsRptRecord template(String domain) {
        return new TlsRptRecord(List.of("mailto:tlsrpt@" + domain));
    }

    /**
     * The template plus this server's own intake: reports by mail and posted to {@code https://mta-sts.<domain><path>}
     * (RFC 8460 §3: senders try every rua).
     */
    public static TlsRptRecord withHttps(String domain, String path) {
        return new TlsRptRecord(List.of("mailto:tlsrpt@" + domain, "https://mta-sts." + domain + path));
    }
}
