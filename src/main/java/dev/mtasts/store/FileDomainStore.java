package dev.mtasts.store;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParseResult;
import dev.mtasts.policy.PolicyParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runtime domains in the file store: one file per domain, {@code CERTS_DIR/domains/DOMAIN}, written
 * atomically. A file holds two header lines and, for a domain with its own policy, the policy text as
 * served after an empty line:
 *
 * <pre>
 * origin: api
 * added: 2026-12-03T10:00:00Z
 *
 * version: STSv1
 * mode: enforce
 * mx: mail.example.net
 * max_age: 604800
 * </pre>
 *
 * A file without a policy follows the policy template. Files that do not parse are skipped with the
 * reason, never deleted: an administrator can fix them.
 */
public final class FileDomainStore implements DomainStore {

    public static final String DIRECTORY = "domains";
    private static final String ORIGIN = "origin: ";
    private static final String ADDED = "added: ";

    private final Path dir;
    private final PolicyParser parser = new PolicyParser();

    /** @param certsDir the file store's root; the domains live in its {@value #DIRECTORY} directory */
    public FileDomainStore(Path certsDir) {
        this.dir = certsDir.resolve(DIRECTORY);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Listing all() throws StoreException {
        if (!Files.isDirectory(dir)) {
            return new Listing(List.of(), List.of());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> DomainNames.isValid(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<RuntimeDomain> result = new ArrayList<>(files.size());
        List<String> problems = new ArrayList<>();
        for (RuntimeDomain d : (files.size() > 256 ? files.parallelStream() : files.stream()).map(f -> {
            try {
                return read(f);
            } catch (StoreException e) {
                synchronized (problems) {
                    problems.add(e.getMessage());
                }
                return null;
            }
        }).toList()) {
            if (d != null) {
                result.add(d);
            }
        }
        return new Listing(result, problems);
    }

    @Override
    public Optional<RuntimeDomain> find(String domain) throws StoreException {
        Path file = file(domain);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
    }

    @Override
    public void put(RuntimeDomain entry) throws StoreException {
        StringBuilder text = new StringBuilder();
        text.append(ORIGIN).append(entry.origin().label()).append('\n');
        text.append(ADDED).append(entry.added()).append('\n');
        entry.policy().ifPresent(p -> text.append('\n').append(p.render()));
        try {
            AtomicFiles.createPrivateDirectories(dir);
            AtomicFiles.write(file(entry.domain()), text.toString().getBytes(StandardCharsets.UTF_8),
                    AtomicFiles.PUBLIC_FILE);
        } catch (IOException e) {
            throw new StoreException("cannot write " + file(entry.domain()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String domain) throws StoreException {
        try {
            return Files.deleteIfExists(file(domain));
        } catch (IOException e) {
            throw new StoreException("cannot delete " + file(domain) + ": " + e.getMessage(), e);
        }
    }

    private Path file(String domain) {
        String name = DomainNames.normalize(domain);
        if (!DomainNames.isValid(name)) {
            throw new IllegalArgumentException("not a domain name: " + domain);
        }
        return dir.resolve(name);
    }

    private RuntimeDomain read(Path file) throws StoreException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StoreException(file + " vanished while reading", e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] parts = text.split("\n\n", 2);
        String[] header = parts[0].split("\n");
        if (header.length != 2 || !header[0].startsWith(ORIGIN) || !header[1].startsWith(ADDED)) {
            throw new StoreException(file + ": expected the lines \"origin: ...\" and \"added: ...\" first");
        }
        try {
            RuntimeDomain.Origin origin = RuntimeDomain.Origin.fromLabel(header[0].substring(ORIGIN.length()).trim());
            Instant added = Instant.parse(header[1].substring(ADDED.length()).trim());
            Optional<Policy> policy = Optional.empty();
            if (parts.length == 2 && !parts[1].isBlank()) {
                PolicyParseResult parsed = parser.parse(parts[1]);
                if (parsed.policy().isEmpty()) {
                    throw new StoreException(file + ": the policy is invalid: " + parsed.findings().get(0).message());
                }
                policy = parsed.policy();
            }
            return new RuntimeDomain(file.getFileName().toString(), policy, origin, added);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new StoreException(file + ": " + e.getMessage(), e);
        }
    }
}
