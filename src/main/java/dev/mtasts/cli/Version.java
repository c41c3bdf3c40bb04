package dev.mtasts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code mta-sts 0.2.0 (commit 1a2b3c4, built 2026-12-03)}: the release version, the commit and the date
 * that Maven wrote into {@code build.properties}. Read only when a version is asked for, never on the
 * way to serving.
 */
final class Version implements CommandLine.IVersionProvider {

    static final String RESOURCE = "build.properties";
    private static final String UNKNOWN = "unknown";

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {line(read())};
    }

    /** This build's version line; "unknown" parts when it cannot be read. */
    static String current() {
        try {
            return line(read());
        } catch (IOException e) {
            return line(new Properties());
        }
    }

    static String line(Properties build) {
        return "mta-sts " + value(build, "version") + " (commit " + value(build, "commit") + ", built "
                + value(build, "built") + ")";
    }

    /** The property, or "unknown" when it is missing or was never filled in (a build without git). */
    private static String value(Properties build, String key) {
        String v = build.getProperty(key, "").strip();
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }

    private static Properties read() throws IOException {
        Properties build = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        }
        return build;
    }
}
