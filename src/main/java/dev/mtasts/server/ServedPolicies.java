package dev.mtasts.server;

import dev.mtasts.site.Site;
import dev.mtasts.site.Sites;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * What a replica serves, in a few characters: a digest of its domains and their policy ids. Replicas of
 * one cluster must serve the same; a different digest means their configurations drifted apart.
 */
public final class ServedPolicies {

    private ServedPolicies() {
    }

    /** The first 16 hex digits of SHA-256 over "domain policy-id" lines sorted by domain. */
    public static String digest(Sites sites) {
        StringBuilder lines = new StringBuilder();
        sites.all().stream().sorted(Comparator.comparing(Site::domain)).forEach(s -> lines.append(s.domain())
                .append(' ').append(s.config().policy().id()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
