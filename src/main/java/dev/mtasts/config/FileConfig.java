package dev.mtasts.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of a config file, before flags are applied. Absent settings stay empty so that the
 * command line's defaults apply.
 *
 * @param source the file
 * @param server {@code [server]} settings by key (validated types: Long, String, Boolean, List of String)
 * @param sites the {@code [domains."..."]} tables, fully validated
 * @param sections other tables by name (e.g. {@code [acme]}), key to value, for the components that own them
 */
public record FileConfig(Path source, Map<String, Object> server, List<SiteConfig> sites,
        Map<String, Map<String, Object>> sections) {

    public FileConfig {
        server = Map.copyOf(server);
        sites = List.copyOf(sites);
        sections = Map.copyOf(sections);
    }

    public Optional<Integer> intSetting(String key) {
        return Optional.ofNullable((Long) server.get(key)).map(Long::intValue);
    }

    public Optional<String> stringSetting(String key) {
        return Optional.ofNullable((String) server.get(key));
    }

    public Optional<Boolean> booleanSetting(String key) {
        return Optional.ofNullable((Boolean) server.get(key));
    }

    @SuppressWarnings("unchecked")
    public Optional<List<String>> listSetting(String key) {
        return Optional.ofNullable((List<String>) server.get(key));
    }

    /** A path setting, relative paths taken from the config file's directory. */
    public Optional<Path> pathSetting(String key) {
        return stringSetting(key).map(p -> source.toAbsolutePath().getParent().resolve(p).normalize());
    }
}
