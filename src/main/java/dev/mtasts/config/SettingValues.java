package dev.mtasts.config;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings one source gives (the config file, the environment or the flags), already typed as
 * {@link Setting#kind()} says; absent settings fall through to the next source in the merge.
 */
public final class SettingValues {

    private final Map<Setting, Object> values = new EnumMap<>(Setting.class);

    public static SettingValues none() {
        return new SettingValues();
    }

    /** Sets a value; {@code null} and an empty list mean "not given" (a flag that was not used). */
    public SettingValues put(Setting setting, Object value) {
        if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
            return this;
        }
        Object typed = value instanceof Collection<?> c ? List.copyOf(c) : value;
        values.put(setting, typed);
        return this;
    }

    public boolean has(Setting setting) {
        return values.containsKey(setting);
    }

    public Optional<Object> get(Setting setting) {
        return Optional.ofNullable(values.get(setting));
    }

    @Override
    public String toString() {
        return values.toString(); // secrets are Secret values, which print as "(secret)"
    }
}
