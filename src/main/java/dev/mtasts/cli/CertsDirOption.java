package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.FileConfig;
import dev.mtasts.config.SiteConfig;
import java.util.Optional;

import dev.mtasts.store.FileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --certs-dir}: where certificates, the ACME account and renewal state live (a picocli mixin). */
public final class CertsDirOption {

    static final String PREFIX = "mta-sts.";

    @Option(names = "--certs-dir", paramLabel = "DIR",
            description = "Certificate directory (certbot layout DIR/mta-sts.<domain>/). Default: the config"
                    + " file's certs_dir, else certs.")
    Path certsDir;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The serve config file: its certs_dir, domains and [acme]/[dns] settings (flags win).")
    Path config;

    private Optional<FileConfig> file;

    /** The config file, read once (empty without --config). */
    Optional<FileConfig> configFile() throws ConfigException {
        if (file == null) {
            file = config == null ? Optional.empty() : Optional.of(new ConfigFileParser().parse(config));
        }
        return file;
    }

    Path certsDir() throws ConfigException {
        if (certsDir == null) {
            certsDir = configFile().flatMap(f -> f.pathSetting("certs_dir")).orElse(Path.of("certs"));
        }
        return certsDir;
    }

    public FileStorage store() throws ConfigException {
        return new FileStorage(certsDir());
    }

    /** The given domains, else the config file's, else every {@code mta-sts.<domain>} directory in the certs dir. */
    List<String> domains(List<String> given) throws IOException, ConfigException {
        if (given != null && !given.isEmpty()) {
            return given.stream().map(d -> d.startsWith(PREFIX) ? d.substring(PREFIX.length()) : d).toList();
        }
        if (configFile().isPresent()) {
            return configFile().get().sites().stream().map(SiteConfig::domain).toList();
        }
        Path certsDir = certsDir();
        if (!Files.isDirectory(certsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(certsDir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX)).map(n -> n.substring(PREFIX.length())).sorted().toList();
        }
    }
}
