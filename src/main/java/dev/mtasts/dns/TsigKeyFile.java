package dev.mtasts.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the BIND key file that {@code tsig-keygen} writes:
 * <pre>key "name" { algorithm hmac-sha256; secret "base64=="; };</pre>
 * Comments ({@code #}, {@code //}, C style) are ignored; the first key statement is used.
 */
public final class TsigKeyFile {

    private static final Pattern KEY = Pattern.compile(
            "key\\s+\"?([^\"\\s{]+)\"?\\s*\\{(.*?)\\}\\s*;", Pattern.DOTALL);
    private static final Pattern ALGORITHM = Pattern.compile("algorithm\\s+\"?([A-Za-z0-9.-]+)\"?\\s*;");
    private static final Pattern SECRET = Pattern.compile("secret\\s+\"([A-Za-z0-9+/=\\s]+)\"\\s*;");

    private TsigKeyFile() {
    }

    public static TsigKey read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read TSIG key file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("TSIG key file " + file + ": " + e.getMessage(), e);
        }
    }

    public static TsigKey parse(String text) {
        String clean = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)(#|//).*$", "");
        Matcher key = KEY.matcher(clean);
        if (!key.find()) {
            throw new IllegalArgumentException("no 'key \"name\" { algorithm ...; secret \"...\"; };' statement"
                    + " (write one with tsig-keygen)");
        }
        Matcher algorithm = ALGORITHM.matcher(key.group(2));
        Matcher secret = SECRET.matcher(key.group(2));
        if (!algorithm.find() || !secret.find()) {
            throw new IllegalArgumentException("key " + key.group(1) + " needs both 'algorithm' and 'secret'");
        }
        return new TsigKey(key.group(1), algorithm.group(1), secret.group(1).replaceAll("\\s", ""));
    }
}
