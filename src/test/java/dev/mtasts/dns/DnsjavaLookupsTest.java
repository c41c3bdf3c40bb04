package dev.mtasts.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;

class DnsjavaLookupsTest {

    /** Answers from a map of records; names listed in {@code rcodes} answer with that rcode, in {@code silent} never. */
    static final class ZoneResolver implements Resolver {
        final Map<String, List<Record>> records = new HashMap<>();
        final Map<String, Integer> rcodes = new HashMap<>();
        final List<String> silent = new ArrayList<>();

        void add(Record r) {
            records.computeIfAbsent(r.getName().toString(true) + "/" + Type.string(r.getType()), k -> new ArrayList<>()).add(r);
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            Record q = query.getQuestion();
            String name = q.getName().toString(true);
            if (silent.contains(name)) {
                return new CompletableFuture<>();
            }
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setFlag(Flags.AA);
            response.addRecord(q, org.xbill.DNS.Section.QUESTION);
            response.getHeader().setRcode(rcodes.getOrDefault(name, Rcode.NOERROR));
            List<Record> cname = records.getOrDefault(name + "/CNAME", List.of());
            List<Record> answer = cname.isEmpty() ? records.getOrDefault(name + "/" + Type.string(q.getType()), List.of()) : cname;
            answer.forEach(r -> response.addRecord(r, org.xbill.DNS.Section.ANSWER));
            return CompletableFuture.completedFuture(response);
        }

        @Override
        public void setPort(int port) {
        }

        @Override
        public void setTCP(boolean flag) {
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        }

        @Override
        public void setTSIGKey(TSIG key) {
        }

        @Override
        public void setTimeout(Duration timeout) {
        }
    }

    private final ZoneResolver zone = new ZoneResolver();
    private final DnsjavaLookups lookups = new DnsjavaLookups(
            LookupSession.builder().resolver(zone).clearCaches().build(), Duration.ofMillis(500));

    private static Name name(String n) throws Exception {
        return Name.fromString(n + ".");
    }

    @Test
    void concatenatesTheStringsOfOneTxtRecord() throws Exception {
        zone.add(new TXTRecord(name("_mta-sts.example.com"), DClass.IN, 60, List.of("v=STSv1; ", "id=abc")));
        DnsAnswer<String> answer = lookups.txt("_mta-sts.example.com");
        assertEquals(List.of("v=STSv1; id=abc"), answer.values());
        assertEquals(LookupStatus.FOUND, answer.status());
    }

    @Test
    void followsACnameChainAndReportsIt() throws Exception {
        zone.add(new CNAMERecord(name("_mta-sts.example.com"), DClass.IN, 60, name("sts.provider.net")));
        zone.add(new CNAMERecord(name("sts.provider.net"), DClass.IN, 60, name("sts2.provider.net")));
        zone.add(new TXTRecord(name("sts2.provider.net"), DClass.IN, 60, "v=STSv1; id=x1"));
        DnsAnswer<String> answer = lookups.txt("_mta-sts.example.com");
        assertEquals(List.of("v=STSv1; id=x1"), answer.values());
        assertEquals(List.of("sts.provider.net", "sts2.provider.net"), answer.aliases());
    }

    @Test
    void keepsNxdomainApartFromNodata() throws Exception {
        zone.rcodes.put("missing.example.com", Rcode.NXDOMAIN);
        zone.add(new ARecord(name("mta-sts.example.com"), DClass.IN, 60, InetAddress.getByName("192.0.2.1")));
        assertEquals(LookupStatus.NXDOMAIN, lookups.txt("missing.example.com").status());
        assertEquals(LookupStatus.NODATA, lookups.aaaa("mta-sts.example.com").status());
    }

    @Test
    void reportsServfailAsIndeterminate() {
        zone.rcodes.put("broken.example.com", Rcode.SERVFAIL);
        DnsAnswer<String> answer = lookups.txt("broken.example.com");
        assertEquals(LookupStatus.SERVFAIL, answer.status());
        assertTrue(answer.status().isIndeterminate());
    }

    @Test
    void reportsASilentResolverAsTimeout() {
        zone.silent.add("slow.example.com");
        assertEquals(LookupStatus.TIMEOUT, lookups.txt("slow.example.com").status());
    }

    @Test
    void readsMxAddressesAndTlsa() throws Exception {
        zone.add(new MXRecord(name("example.com"), DClass.IN, 60, 10, name("Mail.Example.com")));
        zone.add(new ARecord(name("mail.example.com"), DClass.IN, 60, InetAddress.getByName("192.0.2.25")));
        zone.add(new TLSARecord(name("_25._tcp.mail.example.com"), DClass.IN, 60, 3, 1, 1, new byte[] {1, 2}));
        assertEquals(List.of(new MxHost(10, "mail.example.com")), lookups.mx("example.com").values());
        assertEquals(List.of(InetAddress.getByName("192.0.2.25")), lookups.a("mail.example.com").values());
        assertEquals(List.of(new TlsaRecord(3, 1, 1, "0102")), lookups.tlsa("_25._tcp.mail.example.com").values());
    }
}
