package dev.mtasts.server;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.store.FileStorage;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The files whose change means "reload": the config file, the domains file, policy files, the certificate
 * pair of each domain, and a new host directory in the store. Above {@code certificate_cache} domains the
 * pairs are not watched (100,000 directories would be 100,000 inotify watches): certificates are then read
 * on first use anyway, and a reload (SIGHUP) makes the server read each again. Anything else in the same directories (a log file
 * beside the config, an editor's swap file, ACME's bookkeeping) is ignored, so a reload never
 * triggers another.
 */
public record WatchedFiles(Set<Path> directories, Set<Path> files, Path certsRoot) {

    // certsRoot is null when no certificate directory is watched (configOnly)

    public static WatchedFiles of(ServeConfig config, FileStorage store) {
        Set<Path> dirs = new LinkedHashSet<>();
        Set<Path> files = new LinkedHashSet<>();
        config.configFile().ifPresent(f -> add(f, dirs, files));
        config.domainsFile().ifPresent(f -> add(f, dirs, files));
        Path root = abs(store.root());
        dirs.add(root);
        boolean pairs = config.sites().size() <= config.limits().certificateCache();
        for (SiteConfig s : config.sites()) {
            s.policyFile().ifPresent(f -> add(f, dirs, files));
            if (pairs) {
                add(store.fullchainPath(s.domain()), dirs, files);
                add(store.privkeyPath(s.domain()), dirs, files);
            }
        }
        return new WatchedFiles(Set.copyOf(dirs), Set.copyOf(files), root);
    }

    /**
     * The config and policy files only: in a cluster the certificates come from the shared storage (and
     * the certificate directory is this replica's own copy of them, which must not trigger reloads).
     */
    public static WatchedFiles configOnly(ServeConfig config) {
        Set<Path> dirs = new LinkedHashSet<>();
        Set<Path> files = new LinkedHashSet<>();
        config.configFile().ifPresent(f -> add(f, dirs, files));
        config.domainsFile().ifPresent(f -> add(f, dirs, files));
        config.sites().forEach(s -> s.policyFile().ifPresent(f -> add(f, dirs, files)));
        return new WatchedFiles(Set.copyOf(dirs), Set.copyOf(files), null);
    }

    /** Whether a change to {@code path} (absolute) should trigger a reload. */
    public boolean isRelevant(Path path) {
        Path p = abs(path);
        if (files.contains(p)) {
            return true;
        }
        return root(p) && p.getFileName().toString().startsWith("mta-sts.");
    }

    private boolean root(Path p) {
        return certsRoot != null && certsRoot.equals(p.getParent());
    }

    private static void add(Path file, Set<Path> dirs, Set<Path> files) {
        Path f = abs(file);
        files.add(f);
        dirs.add(f.getParent());
    }

    private static Path abs(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
