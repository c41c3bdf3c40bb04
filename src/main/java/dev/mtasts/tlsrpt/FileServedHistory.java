package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ServedHistory} as files: {@code DIR/served.tsv}, one appended line per change
 * ({@code at, domain, policy id, policy text with \n escaped, certificate SHA-256, not after, self-signed}),
 * and {@code DIR/handshakes/YYYY-MM-DD.tsv} ({@code reason, server name, client, count}), rewritten
 * atomically when counts are added. Lines that do not read are skipped.
 */
public final class FileServedHistory implements ServedHistory {

    private static final String NONE = "-";

    private final Path served;
    private final Path handshakes;

    public FileServedHistory(Path dir) {
        this.served = dir.resolve("served.tsv");
        this.handshakes = dir.resolve("handshakes");
    }

    @Override
    public synchronized void append(List<ServedChange> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        Files.createDirectories(served.getParent());
        try (Writer w = Files.newBufferedWriter(served, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (ServedChange c : changes) {
                ServedState s = c.state();
                w.write(String.join("\t", c.at().toString(), s.domain(), s.policyId(), escape(s.policyText()),
                        s.certificateSha256().orElse(NONE), s.certificateNotAfter().map(Instant::toString).orElse(NONE),
                        Boolean.toString(s.selfSigned())));
                w.write('\n');
            }
        }
    }

    @Override
    public synchronized List<ServedChange> changes() throws IOException {
        if (!Files.exists(served)) {
            return List.of();
        }
        List<ServedChange> changes = new ArrayList<>();
        for (String line : Files.readAllLines(served, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                continue;
            }
            try {
                changes.add(new ServedChange(Instant.parse(f[0]), new ServedState(f[1], f[2], unescape(f[3]),
                        optional(f[4]), optional(f[5]).map(Instant::parse), Boolean.parseBoolean(f[6]))));
            } catch (DateTimeParseException e) {
                // a torn line: skipped
            }
        }
        return changes;
    }

    @Override
    public synchronized void addHandshakeFailures(List<HandshakeFailure> failures) throws IOException {
        Map<LocalDate, List<HandshakeFailure>> byDay = new LinkedHashMap<>();
        failures.forEach(f -> byDay.computeIfAbsent(f.day(), d -> new ArrayList<>()).add(f));
        for (Map.Entry<LocalDate, List<HandshakeFailure>> e : byDay.entrySet()) {
            Map<String, HandshakeFailure> merged = new LinkedHashMap<>();
            for (HandshakeFailure f : day(e.getKey())) {
                merged.put(key(f), f);
            }
            for (HandshakeFailure f : e.getValue()) {
                merged.merge(key(f), f, (a, b) -> new HandshakeFailure(a.day(), a.reason(), a.serverName(),
                        a.client(), a.count() + b.count()));
            }
            Files.createDirectories(handshakes);
            Path tmp = Files.createTempFile(handshakes, ".day-", ".tmp");
            StringBuilder text = new StringBuilder();
            merged.values().forEach(f -> text.append(key(f)).append('\t').append(f.count()).append('\n'));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dayFile(e.getKey()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public synchronized List<HandshakeFailure> handshakeFailures(LocalDate from, LocalDate to) throws IOException {
        List<HandshakeFailure> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.addAll(day(d));
        }
        return out;
    }

    @Override
    public synchronized void deleteHandshakeFailuresBefore(LocalDate day) throws IOException {
        if (!Files.isDirectory(handshakes)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(handshakes, "*.tsv")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    if (LocalDate.parse(name.substring(0, name.length() - 4)).isBefore(day)) {
                        Files.deleteIfExists(f);
                    }
                } catch (DateTimeParseException e) {
                    // not ours
                }
            }
        }
    }

    private List<HandshakeFailure> day(LocalDate day) throws IOException {
        Path file = dayFile(day);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<HandshakeFailure> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length == 4 && f[3].matches("[0-9]{1,18}")) {
                out.add(new HandshakeFailure(day, f[0], f[1], f[2], Long.parseLong(f[3])));
            }
        }
        return out;
    }

    private Path dayFile(LocalDate day) {
        return handshakes.resolve(day + ".tsv");
    }

    private static String key(HandshakeFailure f) {
        return clean(f.reason()) + "\t" + clean(f.serverName()) + "\t" + clean(f.client());
    }

    private static String clean(String s) {
        return s.replaceAll("[\\t\\n\\r]", "?");
    }

    private static Optional<String> optional(String field) {
        return NONE.equals(field) ? Optional.empty() : Optional.of(field);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "").replace("\n", "\\n");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
