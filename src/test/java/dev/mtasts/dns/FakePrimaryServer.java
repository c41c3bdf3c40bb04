package dev.mtasts.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A primary DNS server for one zone on a loopback UDP port, built from dnsjava messages: it answers SOA
 * and TXT queries from its records and applies RFC 2136 updates whose TSIG signature verifies with its
 * key (answering them signed), refusing the others with NOTAUTH. Every update it receives is kept for
 * the test to inspect.
 */
final class FakePrimaryServer implements AutoCloseable {

    /** An update as received, with the verdict of its TSIG check. */
    record ReceivedUpdate(Message message, int tsigRcode) {
        List<Record> updates() {
            return message.getSection(Section.UPDATE);
        }

        Name zone() {
            return message.getQuestion().getName();
        }
    }

    private final Name zone;
    private final TSIG key;
    private final DatagramSocket socket;
    private final Map<Name, List<String>> txt = new LinkedHashMap<>();
    private final List<ReceivedUpdate> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    FakePrimaryServer(String zone, TsigKey key) throws IOException {
        this.zone = Name.fromString(zone);
        this.key = key.toTsig();
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "fake-primary");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    synchronized FakePrimaryServer withTxt(String name, String... values) throws IOException {
        txt.computeIfAbsent(Name.fromString(name), n -> new ArrayList<>()).addAll(List.of(values));
        return this;
    }

    synchronized List<String> txt(String name) throws IOException {
        return List.copyOf(txt.getOrDefault(Name.fromString(name), List.of()));
    }

    List<ReceivedUpdate> received() {
        return List.copyOf(received);
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] request = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] response = answer(request);
                socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private synchronized byte[] answer(byte[] wire) throws IOException {
        Message request = new Message(wire);
        Message response = new Message(request.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(request.getHeader().getOpcode());
        response.addRecord(request.getQuestion(), Section.QUESTION);
        if (request.getHeader().getOpcode() == Opcode.UPDATE) {
            int verdict = key.verify(request, wire, null);
            received.add(new ReceivedUpdate(request, verdict));
            if (verdict != Rcode.NOERROR) {
                response.getHeader().setRcode(Rcode.NOTAUTH);
                return response.toWire();
            }
            request.getSection(Section.UPDATE).forEach(this::apply);
            response.setTSIG(key, Rcode.NOERROR, request.getTSIG());
            return response.toWire(65535);
        }
        Record question = request.getQuestion();
        if (!question.getName().subdomain(zone)) {
            response.getHeader().setRcode(Rcode.REFUSED);
        } else if (question.getType() == Type.SOA) {
            response.addRecord(soa(), question.getName().equals(zone) ? Section.ANSWER : Section.AUTHORITY);
        } else if (question.getType() == Type.TXT) {
            for (String value : txt.getOrDefault(question.getName(), List.of())) {
                response.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, value), Section.ANSWER);
            }
        }
        return response.toWire();
    }

    private void apply(Record r) {
        if (r.getType() != Type.TXT) {
            return;
        }
        String value = String.join("", ((TXTRecord) r).getStrings());
        List<String> values = txt.computeIfAbsent(r.getName(), n -> new ArrayList<>());
        if (r.getDClass() == DClass.IN) {
            values.add(value);
        } else if (r.getDClass() == DClass.NONE) {
            values.remove(value);
        } else if (r.getDClass() == DClass.ANY) {
            values.clear();
        }
    }

    private SOARecord soa() throws IOException {
        return new SOARecord(zone, DClass.IN, 3600, Name.fromString("ns", zone), Name.fromString("admin", zone),
                1, 3600, 600, 86400, 60);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
