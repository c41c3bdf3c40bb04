package dev.mtasts.cli;

import dev.mtasts.config.ConfigException;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.EnvironmentSettings;
import dev.mtasts.config.SettingValues;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.policy.StsRecord;
import dev.mtasts.policy.TlsRptRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mta-sts dns}: the DNS records to publish for each domain, with the id of the policy served. */
@Command(name = "dns", aliases = "records", mixinStandardHelpOptions = true,
        description = "Print the DNS records each domain needs, in zone-file syntax.")
public final class DnsCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption configFile;

    @Mixin
    SiteOptions sites;

    /** The environment ({@code MTA_STS_*}); tests replace it. */
    java.util.Map<String, String> env = System.getenv();

    @Option(names = "--target", paramLabel = "HOST_OR_IP",
            description = "Where mta-sts.DOMAIN should point: an IP address (A/AAAA) or a host name (CNAME).")
    String target;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        ServeConfig config = ConfigMerger.merge(configFile.read(env), EnvironmentSettings.read(env),
                sites.addTo(SettingValues.none()));
        PrintWriter out = spec.commandLine().getOut();
        for (SiteConfig site : config.sites()) {
            print(out, site, config.tlsrpt());
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    private void print(PrintWriter out, SiteConfig site, dev.mtasts.config.TlsrptConfig tlsrpt) {
        String d = site.domain();
        out.printf("; %s: policy mode %s, max_age %d, mx %s%n", d, site.policy().mode(), site.policy().maxAgeSeconds(),
                site.policy().mx());
        out.println(hostRecord(site.policyHost()));
        out.printf("_mta-sts.%s. 3600 IN TXT \"%s\"%n", d, new StsRecord(site.policy().id()).render());
        TlsRptRecord rua = tlsrpt.enabled() ? TlsRptRecord.withHttps(d, tlsrpt.path()) : TlsRptRecord.template(d);
        out.printf("_smtp._tls.%s. 3600 IN TXT \"%s\"%n", d, rua.render());
        out.println();
    }

    private String hostRecord(String host) {
        if (target == null) {
            return "; " + host + ". 3600 IN A <address of this server>   (and AAAA for IPv6, or a CNAME)";
        }
        if (target.contains(":")) {
            return host + ". 3600 IN AAAA " + target;
        }
        if (target.matches("[0-9.]+")) {
            return host + ". 3600 IN A " + target;
        }
        return host + ". 3600 IN CNAME " + (target.endsWith(".") ? target : target + ".");
    }
}
