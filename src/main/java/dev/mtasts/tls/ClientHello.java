package dev.mtasts.tls;

import dev.mtasts.policy.DomainNames;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two ClientHello extensions that pick a certificate: server_name (RFC 6066 §3) and ALPN
 * (RFC 7301). Read from the handshake body (from {@code client_version} on) before any TLS engine
 * sees it, so the choice works the same for TLS 1.2 and 1.3.
 */
public record ClientHello(Optional<String> serverName, List<String> alpn) {

    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;

    public ClientHello {
        alpn = List.copyOf(alpn);
    }

    public boolean offersAlpn(String protocol) {
        return alpn.contains(protocol);
    }

    /** Parses a ClientHello body; malformed input yields an empty result, never an exception. */
    public static ClientHello parse(ByteBuf body) {
        try {
            return parseOrThrow(body.duplicate());
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return new ClientHello(Optional.empty(), List.of());
        }
    }

    private static ClientHello parseOrThrow(ByteBuf in) {
        in.skipBytes(2 + 32); // client_version, random
        in.skipBytes(in.readUnsignedByte()); // session_id
        in.skipBytes(in.readUnsignedShort()); // cipher_suites
        in.skipBytes(in.readUnsignedByte()); // compression_methods
        if (!in.isReadable()) {
            return new ClientHello(Optional.empty(), List.of());
        }
        ByteBuf extensions = in.readSlice(in.readUnsignedShort());
        Optional<String> sni = Optional.empty();
        List<String> alpn = List.of();
        while (extensions.isReadable()) {
            int type = extensions.readUnsignedShort();
            ByteBuf data = extensions.readSlice(extensions.readUnsignedShort());
            if (type == EXT_SERVER_NAME) {
                sni = serverName(data);
            } else if (type == EXT_ALPN) {
                alpn = protocols(data);
            }
        }
        return new ClientHello(sni, alpn);
    }

    private static Optional<String> serverName(ByteBuf data) {
        ByteBuf list = data.readSlice(data.readUnsignedShort());
        while (list.isReadable()) {
            int nameType = list.readUnsignedByte();
            ByteBuf name = list.readSlice(list.readUnsignedShort());
            if (nameType == 0) {
                return Optional.of(DomainNames.normalize(name.toString(StandardCharsets.US_ASCII)));
            }
        }
        return Optional.empty();
    }

    private static List<String> protocols(ByteBuf data) {
        ByteBuf list = data.readSlice(data.readUnsignedShort());
        List<String> out = new ArrayList<>();
        while (list.isReadable()) {
            out.add(list.readSlice(list.readUnsignedByte()).toString(StandardCharsets.US_ASCII));
        }
        return out;
    }
}
