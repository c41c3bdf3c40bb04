package dev.mtasts.cli;

import picocli.CommandLine;

/** The version from the jar manifest (set by Maven), or "dev" when run from classes. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"mta-sts " + (v == null ? "dev" : v)};
    }
}
