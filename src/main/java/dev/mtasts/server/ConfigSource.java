package dev.mtasts.server;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ServeConfig;

/** Produces the current configuration, freshly read (the config file is re-read on every call). */
@FunctionalInterface
public interface ConfigSource {

    ServeConfig load() throws ConfigException;
}
