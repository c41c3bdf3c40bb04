package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.dns.FakeDnsUpdater;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.StsRecord;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publishing the served policy ids through an in-memory {@link dev.mtasts.dns.DnsUpdater}. */
class IdPublisherTest {

    private final FakeDnsUpdater dns = new FakeDnsUpdater();
    private final IdPublisher publisher = new IdPublisher(dns);
    private final SiteConfig site = new SiteConfig("example.com", Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 86400));
    private final String record = new StsRecord(site.policy().id()).render();

    @Test
    void replacesTheOldIdAndKeepsOtherTxtRecords() {
        dns.withTxt("_mta-sts.example.com", "v=STSv1; id=old", "unrelated");

        publisher.publish(List.of(site));

        assertEquals(List.of("unrelated", record), dns.txt("_mta-sts.example.com"));
    }

    @Test
    void sendsNoUpdateWhenDnsAlreadyAnnouncesTheId() {
        dns.withTxt("_mta-sts.example.com", record);

        publisher.publish(List.of(site));
        publisher.publish(List.of(site));

        assertEquals(List.of("query _mta-sts.example.com " + record), dns.calls(), "asked once, then remembered");
    }

    @Test
    void triesAgainOnTheNextReloadAfterAFailure() {
        dns.failingWrites(new IOException("timed out"));
        publisher.publish(List.of(site));

        dns.failingWrites(null);
        publisher.publish(List.of(site));

        assertEquals(List.of(record), dns.txt("_mta-sts.example.com"));
    }
}
