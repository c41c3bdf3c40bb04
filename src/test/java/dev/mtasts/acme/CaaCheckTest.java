package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.CaaRecord;
import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.LookupStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 8659 before an order: the relevant record set, issue properties, critical unknown tags, and "cannot tell". */
class CaaCheckTest {

    static CaaCheck zone(Map<String, List<CaaRecord>> records) {
        return new CaaCheck(name -> records.containsKey(name) ? DnsAnswer.found(name, records.get(name))
                : DnsAnswer.failed(name, LookupStatus.NODATA, ""));
    }

    static CaaRecord issue(String value) {
        return new CaaRecord(0, "issue", value);
    }

    @Test
    void theClosestAncestorsRecordsDecideAndNameTheAllowedCa() {
        CaaCheck check = zone(Map.of("example.com", List.of(issue("letsencrypt.org"))));
        assertEquals(Optional.empty(), check.forbids("mta-sts.example.com", List.of("letsencrypt.org")));
        String why = check.forbids("mta-sts.example.com", List.of("sectigo.com")).orElseThrow();
        assertTrue(why.contains("example.com allow only letsencrypt.org"), why);
    }

    @Test
    void theHostsOwnRecordsWinOverTheParents() {
        CaaCheck check = zone(Map.of("example.com", List.of(issue("letsencrypt.org")),
                "mta-sts.example.com", List.of(issue("sectigo.com; accounturi=https://x/1"))));
        assertEquals(Optional.empty(), check.forbids("mta-sts.example.com", List.of("sectigo.com")));
        assertTrue(check.forbids("mta-sts.example.com", List.of("letsencrypt.org")).isPresent());
    }

    @Test
    void noIssuePropertyOrNoRecordsAllowEveryCa() {
        CaaCheck check = zone(Map.of("example.com", List.of(new CaaRecord(0, "iodef", "mailto:x@example.com"))));
        assertEquals(Optional.empty(), check.forbids("mta-sts.example.com", List.of("sectigo.com")));
        assertEquals(Optional.empty(), zone(Map.of()).forbids("mta-sts.example.org", List.of("sectigo.com")));
    }

    @Test
    void anEmptyIssueValueForbidsEveryCaAndAnUnknownCriticalTagToo() {
        assertTrue(zone(Map.of("example.com", List.of(issue(";")))).forbids("mta-sts.example.com",
                List.of("letsencrypt.org")).orElseThrow().contains("allow no CA"));
        assertTrue(zone(Map.of("example.com", List.of(new CaaRecord(128, "tbs", "x"), issue("letsencrypt.org"))))
                .forbids("mta-sts.example.com", List.of("letsencrypt.org")).orElseThrow().contains("critical"));
    }

    @Test
    void aDnsFailureOrUnknownIdentitiesDecideNothing() {
        CaaCheck failing = new CaaCheck(name -> DnsAnswer.failed(name, LookupStatus.TIMEOUT, "no answer"));
        assertEquals(Optional.empty(), failing.forbids("mta-sts.example.com", List.of("letsencrypt.org")));
        CaaCheck check = zone(Map.of("example.com", List.of(issue("letsencrypt.org"))));
        assertEquals(Optional.empty(), check.forbids("mta-sts.example.com", List.of()));
    }
}
