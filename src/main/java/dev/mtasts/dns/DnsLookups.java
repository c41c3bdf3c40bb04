package dev.mtasts.dns;

import java.net.InetAddress;

/**
 * The DNS questions the checker asks. Names are absolute host names without trailing dot. CNAME chains
 * are followed; the answer keeps NXDOMAIN, NODATA, SERVFAIL and timeouts apart.
 */
public interface DnsLookups {

    /** TXT records at {@code name}, each with its character-strings concatenated without separator. */
    DnsAnswer<String> txt(String name);

    DnsAnswer<MxHost> mx(String domain);

    DnsAnswer<InetAddress> a(String host);

    DnsAnswer<InetAddress> aaaa(String host);

    DnsAnswer<TlsaRecord> tlsa(String name);
}
