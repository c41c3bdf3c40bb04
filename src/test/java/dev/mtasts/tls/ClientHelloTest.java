package dev.mtasts.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class ClientHelloTest {

    /** A real ClientHello body produced by the JDK's TLS client (record and handshake headers removed). */
    private static ByteBuf clientHello(String sni, String... alpn) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        p.setApplicationProtocols(alpn);
        engine.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        ByteBuf record = Unpooled.wrappedBuffer(out);
        return record.slice(5 + 4, record.readableBytes() - 9);
    }

    @Test
    void readsServerNameAndAlpnFromARealClientHello() throws Exception {
        ClientHello hello = ClientHello.parse(clientHello("MTA-STS.Example.com", "acme-tls/1", "http/1.1"));
        assertEquals(Optional.of("mta-sts.example.com"), hello.serverName());
        assertEquals(List.of("acme-tls/1", "http/1.1"), hello.alpn());
        assertTrue(hello.offersAlpn("acme-tls/1"));
    }

    @Test
    void clientHelloWithoutSniHasNoServerName() throws Exception {
        ClientHello hello = ClientHello.parse(clientHello(null));
        assertEquals(Optional.empty(), hello.serverName());
        assertEquals(List.of(), hello.alpn());
    }

    @Test
    void truncatedInputGivesAnEmptyResultNotAnException() throws Exception {
        ByteBuf full = clientHello("mta-sts.example.com", "http/1.1");
        for (int len = 0; len < full.readableBytes(); len += 7) {
            ClientHello hello = ClientHello.parse(full.slice(0, len));
            assertTrue(hello.serverName().isEmpty() || hello.serverName().get().equals("mta-sts.example.com"));
        }
        assertEquals(Optional.empty(), ClientHello.parse(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).serverName());
    }
}
