package dev.mtasts.cli;

import dev.mtasts.store.CertificateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --certs-dir}: where certificates, the ACME account and renewal state live (a picocli mixin). */
public final class CertsDirOption {

    static final String PREFIX = "mta-sts.";

    @Option(names = "--certs-dir", paramLabel = "DIR", defaultValue = "certs",
            description = "Certificate directory (certbot layout DIR/mta-sts.<domain>/). Default: ${DEFAULT-VALUE}.")
    Path certsDir;

    public CertificateStore store() {
        return new CertificateStore(certsDir);
    }

    /** The given domains, or else every {@code mta-sts.<domain>} directory in the certs dir. */
    List<String> domains(List<String> given) throws IOException {
        if (given != null && !given.isEmpty()) {
            return given.stream().map(d -> d.startsWith(PREFIX) ? d.substring(PREFIX.length()) : d).toList();
        }
        if (!Files.isDirectory(certsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(certsDir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX)).map(n -> n.substring(PREFIX.length())).sorted().toList();
        }
    }
}
