package dev.mtasts.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload changes: every {@link Setting} whose effective value differs between the old and the new
 * configuration, each marked as applied live or needing a restart. A pure function of the two configurations.
 */
public record ConfigChanges(List<Change> all) {

    /** One changed setting. */
    public record Change(Setting setting, boolean needsRestart) {
        public String key() {
            return setting.key();
        }
    }

    public ConfigChanges {
        all = List.copyOf(all);
    }

    public static ConfigChanges between(ServeConfig old, ServeConfig next) {
        List<Change> changes = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (!Objects.equals(s.valueIn(old), s.valueIn(next))) {
                changes.add(new Change(s, needsRestart(s, old, next)));
            }
        }
        return new ConfigChanges(changes);
    }

    /**
     * Restart-only settings, and turning ACME on or off (missing certificates are then handled differently:
     * written self-signed to disk without ACME, kept in memory with it).
     */
    private static boolean needsRestart(Setting s, ServeConfig old, ServeConfig next) {
        return s.reload() == Setting.Reload.RESTART
                || s == Setting.ACME_DIRECTORY && old.acme().enabled() != next.acme().enabled();
    }

    public List<Change> needingRestart() {
        return all.stream().filter(Change::needsRestart).toList();
    }

    /** Whether a setting of the given table ({@code acme}, {@code dns}, ...) changed and can be applied live. */
    public boolean appliesIn(String table) {
        return all.stream().anyMatch(c -> !c.needsRestart() && c.setting().table().equals(table));
    }

    public boolean applies(Setting setting) {
        return all.stream().anyMatch(c -> !c.needsRestart() && c.setting() == setting);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }
}
