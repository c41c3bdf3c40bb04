package dev.mtasts.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Adds and deletes TXT records on one primary server with RFC 2136 dynamic updates signed with TSIG
 * (RFC 8945), and asks that server whether it answers a record yet. The zone of a name is found from the
 * server's own SOA answer, so no zone needs to be configured. dnsjava types stay inside this class.
 */
public final class Rfc2136Updater implements DnsUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(Rfc2136Updater.class);

    private final InetSocketAddress server;
    private final TsigKey key;
    private final Duration timeout;

    public Rfc2136Updater(InetSocketAddress server, TsigKey key, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.key = Objects.requireNonNull(key, "key");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String server() {
        return server.toString();
    }

    /** The zone the server holds {@code name} in, from the SOA in its answer or authority section. */
    Name zoneOf(Name name) throws IOException {
        Message response = query(name, Type.SOA);
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new IOException(server + " answered " + Rcode.string(rcode) + " for the SOA of " + name
                    + ": is it the primary server of that zone?");
        }
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            for (Record r : response.getSection(section)) {
                if (r.getType() == Type.SOA && name.subdomain(r.getName())) {
                    return r.getName();
                }
            }
        }
        throw new IOException(server + " is not authoritative for " + name + " (no SOA in its answer)");
    }

    @Override
    public void addTxt(String host, String value, long ttl) throws IOException {
        Name name = DnsNames.absolute(host);
        Update update = new Update(zoneOf(name));
        update.add(new TXTRecord(name, DClass.IN, ttl, value));
        send(update, "add TXT " + name);
    }

    @Override
    public void deleteTxt(String host, String value) throws IOException {
        Name name = DnsNames.absolute(host);
        Update update = new Update(zoneOf(name));
        update.delete(new TXTRecord(name, DClass.IN, 0, value));
        send(update, "delete TXT " + name);
    }

    @Override
    public void replaceTxt(String host, String prefix, String value, long ttl) throws IOException {
        Name name = DnsNames.absolute(host);
        Update update = new Update(zoneOf(name));
        for (Record r : query(name, Type.TXT).getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord txt && name.equals(txt.getName())) {
                String text = String.join("", txt.getStrings());
                if (text.startsWith(prefix) && !text.equals(value)) {
                    update.delete(new TXTRecord(name, DClass.IN, 0, txt.getStrings()));
                }
            }
        }
        update.add(new TXTRecord(name, DClass.IN, ttl, value));
        send(update, "replace TXT " + name);
    }

    @Override
    public boolean answersTxt(String host, String value) throws IOException {
        Name name = DnsNames.absolute(host);
        Message response = query(name, Type.TXT);
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord txt && name.equals(txt.getName())
                    && String.join("", txt.getStrings()).equals(value)) {
                return true;
            }
        }
        return false;
    }

    private void send(Update update, String what) throws IOException {
        SimpleResolver resolver = resolver();
        resolver.setTSIGKey(key.toTsig());
        Message response = resolver.send(update);
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            throw new IOException("DNS update (" + what + ") refused by " + server + ": " + Rcode.string(rcode)
                    + hint(rcode));
        }
        if (!response.isVerified()) {
            throw new IOException("DNS update (" + what + ") answer from " + server + " is not signed with TSIG key "
                    + key.name());
        }
        LOG.debug("DNS update {} accepted by {}", what, server);
    }

    private Message query(Name name, int type) throws IOException {
        Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        question.getHeader().unsetFlag(Flags.RD);
        return resolver().send(question);
    }

    private SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        return resolver;
    }

    private static String hint(int rcode) {
        return List.of(Rcode.NOTAUTH, Rcode.REFUSED).contains(rcode)
                ? " (check --tsig-key-file and that the zone's update-policy grants this key)" : "";
    }
}
