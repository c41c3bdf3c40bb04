package dev.mtasts.config;

import dev.mtasts.policy.Policy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bulk domains file ({@code [server] domains_file}): one line per mail domain, {@code DOMAIN [MX-PATTERN
 * ...]}; blank lines and {@code #} comments are skipped. A domain without mx patterns serves the template
 * ({@code [defaults]}, one policy object shared by all of them); one with patterns serves the mode and
 * max_age of {@code [defaults]} with its own patterns. Made for providers with 100,000 domains, which the
 * TOML parser reads slowly: the file is read line by line, and errors name {@code file:line}.
 */
public final class DomainsFile {

    private static final int MAX_ERRORS = 20;

    private DomainsFile() {
    }

    /** The sites of {@code file}; {@code taken}: the domains the config file names already (an error here). */
    public static List<SiteConfig> read(Path file, PolicyDefaults defaults, Set<String> taken) throws ConfigException {
        List<String> errors = new ArrayList<>();
        List<SiteConfig> sites = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Optional<Policy> template = template(defaults);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null && errors.size() < MAX_ERRORS; line = in.readLine()) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                try {
                    SiteConfig site = site(text.split("\\s+"), defaults, template);
                    if (!seen.add(site.domain()) || taken.contains(site.domain())) {
                        throw new IllegalArgumentException(site.domain() + " is listed twice (here or in the config file)");
                    }
                    sites.add(site);
                } catch (IllegalArgumentException e) {
                    errors.add(file + ":" + number + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the domains file " + file + ": " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return sites;
    }

    private static SiteConfig site(String[] fields, PolicyDefaults defaults, Optional<Policy> template) {
        if (fields.length == 1) {
            return new SiteConfig(fields[0], template.orElseThrow(() -> new IllegalArgumentException(
                    "no mx patterns here and none in [defaults] (mode " + defaults.mode().name().toLowerCase() + ")")));
        }
        return new SiteConfig(fields[0], Policy.of(defaults.mode(), Arrays.asList(fields).subList(1, fields.length),
                defaults.maxAgeSeconds()));
    }

    private static Optional<Policy> template(PolicyDefaults defaults) {
        try {
            return Optional.of(defaults.policy());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
