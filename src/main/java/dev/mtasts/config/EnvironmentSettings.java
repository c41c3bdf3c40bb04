package dev.mtasts.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code MTA_STS_<FLAG>} environment variables, one per {@link Setting} (e.g. {@code MTA_STS_HTTPS_PORT},
 * {@code MTA_STS_DOMAIN=a.example,b.example}). Other {@code MTA_STS_} variables are the launcher's
 * ({@code MTA_STS_HEAP}, ...) and are ignored; an empty variable counts as unset.
 */
public final class EnvironmentSettings {

    /** The environment variable naming the config file, like {@code --config}. */
    public static final String CONFIG = Setting.ENV_PREFIX + "CONFIG";

    private EnvironmentSettings() {
    }

    /** Reads every setting from {@code env} (production passes {@code System.getenv()}); all errors at once. */
    public static SettingValues read(Map<String, String> env) throws ConfigException {
        SettingValues values = SettingValues.none();
        List<String> errors = new ArrayList<>();
        for (Setting s : Setting.values()) {
            String text = env.get(s.env());
            if (text == null || text.isBlank()) {
                continue;
            }
            Optional<Object> value = s.kind().parse(text);
            if (value.isEmpty()) {
                errors.add("environment variable " + s.env() + ": expected " + s.kind().expected()
                        + (s.kind() == ValueKind.SECRET ? "" : ", got '" + text + "'"));
            } else {
                values.put(s, value.get());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return values;
    }
}
