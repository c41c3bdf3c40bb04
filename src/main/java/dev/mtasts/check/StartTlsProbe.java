package dev.mtasts.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SMTP on port 25: banner, EHLO, STARTTLS (RFC 3207), TLS handshake with SNI = the MX name, QUIT. */
public final class StartTlsProbe implements SmtpProbe {

    private final TlsClient tls;
    private final Duration timeout;
    private final int port;

    public StartTlsProbe(TlsClient tls, Duration timeout, int port) {
        this.tls = tls;
        this.timeout = timeout;
        this.port = port;
    }

    @Override
    public Result probe(String mxHost, InetAddress address) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = plain.getOutputStream();
            expect(in, "220", "greeting");
            send(out, "EHLO mta-sts-check.invalid");
            List<String> ehlo = expect(in, "250", "EHLO");
            if (ehlo.stream().noneMatch(l -> l.length() > 4 && l.substring(4).trim().equalsIgnoreCase("STARTTLS"))) {
                send(out, "QUIT");
                return new Result(true, Optional.empty(), Optional.of("STARTTLS is not offered after EHLO"));
            }
            send(out, "STARTTLS");
            expect(in, "220", "STARTTLS");
            TlsClient.Connection connection = tls.handshake(plain, mxHost);
            try (Socket secure = connection.socket()) {
                send(secure.getOutputStream(), "QUIT");
                return new Result(false, Optional.of(connection.info()), Optional.empty());
            }
        } catch (IOException e) {
            return new Result(false, Optional.empty(), Optional.of(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static void send(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one (multi-line) reply and checks its code. */
    private static List<String> expect(BufferedReader in, String code, String step) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection after " + step);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException(step + " was answered '" + line + "'");
        }
        return lines;
    }
}
