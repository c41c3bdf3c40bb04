package dev.mtasts.tlsrpt;

import java.util.Map;

/** The result types of RFC 8460 §4.3: which side each is about, what it means, and what usually fixes it. */
final class FailureTypes {

    /** Whose failure a result type reports. */
    enum Side {
        /** the policy host: this server (fetching or validating the MTA-STS policy) */
        POLICY_HOST,
        /** the receiving MX (STARTTLS, its certificate) */
        MX,
        /** DNS (DANE, DNSSEC) */
        DNS
    }

    record Type(Side side, String meaning, String fix) {
    }

    private static final Map<String, Type> TYPES = Map.ofEntries(
            Map.entry("sts-policy-fetch-error", new Type(Side.POLICY_HOST, "the sender could not fetch the policy",
                    "make https://mta-sts.DOMAIN/.well-known/mta-sts.txt answer (mta-sts check DOMAIN)")),
            Map.entry("sts-policy-invalid", new Type(Side.POLICY_HOST, "the sender fetched a policy it found invalid",
                    "fix the policy (mta-sts check DOMAIN lists its findings)")),
            Map.entry("sts-webpki-invalid", new Type(Side.POLICY_HOST,
                    "the sender did not accept the certificate of mta-sts.DOMAIN",
                    "serve a valid, publicly trusted certificate for mta-sts.DOMAIN (mta-sts certs)")),
            Map.entry("starttls-not-supported", new Type(Side.MX, "the MX did not offer STARTTLS",
                    "enable STARTTLS on the MX")),
            Map.entry("certificate-host-mismatch", new Type(Side.MX, "the MX's certificate does not name the MX host",
                    "give the MX a certificate for its own host name (the one in the MX record)")),
            Map.entry("certificate-expired", new Type(Side.MX, "the MX's certificate had expired",
                    "renew the MX's certificate and reload the MTA")),
            Map.entry("certificate-not-trusted", new Type(Side.MX, "the MX's certificate does not chain to a trusted root",
                    "use a publicly trusted certificate on the MX and send its intermediate certificates")),
            Map.entry("validation-failure", new Type(Side.MX, "the sender could not validate the MX (general failure)",
                    "see the sender's additional-information; check the MX with mta-sts check DOMAIN")),
            Map.entry("tlsa-invalid", new Type(Side.DNS, "the TLSA record is invalid", "fix the TLSA record")),
            Map.entry("dnssec-invalid", new Type(Side.DNS, "DNSSEC validation failed", "fix the zone's DNSSEC")),
            Map.entry("dane-required", new Type(Side.DNS, "DANE was required and no valid TLSA record was found",
                    "publish valid TLSA records")));

    private FailureTypes() {
    }

    static Type of(String resultType) {
        return TYPES.getOrDefault(resultType, new Type(Side.MX, "a failure type outside RFC 8460 §4.3 (" + resultType + ")",
                "see the sender's additional-information"));
    }
}
