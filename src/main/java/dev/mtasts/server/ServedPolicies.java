package dev.mtasts.server;

import dev.mtasts.policy.Policy;
import dev.mtasts.site.Site;
import dev.mtasts.site.Sites;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * What a replica serves, in a few characters: a digest of its domains and their policy ids. Replicas of
 * one cluster must serve the same; a different digest means their configurations drifted apart.
 */
public final class ServedPolicies {

    private ServedPolicies() {
    }

    /** The first 16 hex digits of SHA-256 over "domain policy-id" lines sorted by domain. */
    public static String digest(Sites sites) {
        Map<Policy, String> ids = new HashMap<>(); // 100,000 domains on the template share one id
        String[] sorted = new String[sites.size()];
        int i = 0;
        for (Site s : sites.all()) {
            sorted[i++] = s.domain() + ' ' + ids.computeIfAbsent(s.config().policy(), p -> p.id().value());
        }
        Arrays.sort(sorted); // by domain: domain names hold no character below the space
        StringBuilder lines = new StringBuilder(sorted.length * 32);
        for (String line : sorted) {
            lines.append(line).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
