package dev.mtasts.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The RFC 2136 write path against an in-process primary on loopback that checks signatures and sections. */
class Rfc2136UpdaterTest {

    static final TsigKey KEY = new TsigKey("update-key", "hmac-sha256", "SOiIIh9UY+JFO0clcPgspGX2VGTcJWTdyEIEPVR8nWg=");
    static final TsigKey OTHER_KEY = new TsigKey("update-key", "hmac-sha256", "c2Vjb25kIHNlY3JldCwgbm90IHRoZSB6b25lJ3M=");
    static final String CHALLENGE = "_acme-challenge.mta-sts.example.com";

    private FakePrimaryServer primary;

    private Rfc2136Updater updater(TsigKey key) throws IOException {
        primary = primary == null ? new FakePrimaryServer("example.com.", KEY) : primary;
        return new Rfc2136Updater(primary.address(), key, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void addsTxtInOneSignedUpdateOfTheZoneTheServerNames() throws Exception {
        Rfc2136Updater updater = updater(KEY);

        updater.addTxt(CHALLENGE, "digest-1", 60);

        FakePrimaryServer.ReceivedUpdate update = primary.received().get(0);
        assertEquals(Rcode.NOERROR, update.tsigRcode(), "signed with the key");
        assertEquals(Name.fromString("example.com."), update.zone(), "zone from the server's SOA");
        assertEquals(Type.SOA, update.message().getQuestion().getType());
        Record added = update.updates().get(0);
        assertEquals(1, update.updates().size());
        assertEquals(Name.fromString(CHALLENGE + "."), added.getName());
        assertEquals(DClass.IN, added.getDClass(), "class IN adds (RFC 2136 §2.5.1)");
        assertEquals(60, added.getTTL());
        assertEquals(List.of("digest-1"), ((TXTRecord) added).getStrings());
        assertTrue(updater.answersTxt(CHALLENGE + ".", "digest-1"), "a trailing dot names the same host");
    }

    @Test
    void deletesExactlyTheRecordWithThatValue() throws Exception {
        Rfc2136Updater updater = updater(KEY);
        primary.withTxt(CHALLENGE + ".", "digest-1", "digest-2");

        updater.deleteTxt(CHALLENGE, "digest-1");

        Record deleted = primary.received().get(0).updates().get(0);
        assertEquals(DClass.NONE, deleted.getDClass(), "class NONE deletes one RR (RFC 2136 §2.5.4)");
        assertEquals(0, deleted.getTTL());
        assertEquals(List.of("digest-1"), ((TXTRecord) deleted).getStrings());
        assertEquals(List.of("digest-2"), primary.txt(CHALLENGE + "."));
        assertFalse(updater.answersTxt(CHALLENGE, "digest-1"));
    }

    @Test
    void replacesOnlyTheRecordsWithThePrefixInOneUpdate() throws Exception {
        Rfc2136Updater updater = updater(KEY);
        primary.withTxt("_mta-sts.example.com.", "v=STSv1; id=old", "google-site-verification=x");

        updater.replaceTxt("_mta-sts.example.com", "v=STSv1", "v=STSv1; id=new", 300);

        assertEquals(1, primary.received().size(), "one atomic update");
        List<Record> records = primary.received().get(0).updates();
        assertEquals(List.of(DClass.NONE, DClass.IN), records.stream().map(Record::getDClass).toList());
        assertEquals(List.of("v=STSv1; id=old"), ((TXTRecord) records.get(0)).getStrings());
        assertEquals(List.of("google-site-verification=x", "v=STSv1; id=new"), primary.txt("_mta-sts.example.com."));
    }

    @Test
    void reportsAnUpdateTheServerRefusesForAWrongKey() throws Exception {
        Rfc2136Updater updater = updater(OTHER_KEY);

        IOException e = assertThrows(IOException.class, () -> updater.addTxt(CHALLENGE, "digest-1", 60));

        assertEquals(Rcode.BADSIG, primary.received().get(0).tsigRcode(), "the server saw a bad signature");
        assertTrue(e.getMessage().contains("NOTAUTH"), e.getMessage());
        assertTrue(e.getMessage().contains("--tsig-key-file"), e.getMessage());
        assertEquals(List.of(), primary.txt(CHALLENGE + "."));
    }

    @Test
    void refusesANameOutsideTheServersZones() throws Exception {
        Rfc2136Updater updater = updater(KEY);

        IOException e = assertThrows(IOException.class, () -> updater.addTxt("_acme-challenge.other.test", "d", 60));

        assertTrue(e.getMessage().contains("primary server"), e.getMessage());
        assertEquals(List.of(), primary.received(), "no update sent");
    }
}
