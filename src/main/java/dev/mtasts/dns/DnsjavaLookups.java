package dev.mtasts.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/** {@link DnsLookups} over a dnsjava {@link LookupSession}, which follows CNAME chains itself. */
public final class DnsjavaLookups implements DnsLookups {

    private final LookupSession session;
    private final Duration timeout;

    /**
     * @param session built once by the caller (resolver, no search path)
     * @param timeout the longest wait for one lookup, including retries and CNAME chasing
     */
    public DnsjavaLookups(LookupSession session, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return lookup(name, Type.TXT, r -> concatenate((TXTRecord) r));
    }

    @Override
    public DnsAnswer<MxHost> mx(String domain) {
        return lookup(domain, Type.MX, r -> {
            MXRecord mx = (MXRecord) r;
            return new MxHost(mx.getPriority(), mx.getTarget().toString());
        });
    }

    @Override
    public DnsAnswer<InetAddress> a(String host) {
        return lookup(host, Type.A, r -> ((ARecord) r).getAddress());
    }

    @Override
    public DnsAnswer<InetAddress> aaaa(String host) {
        return lookup(host, Type.AAAA, r -> ((AAAARecord) r).getAddress());
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
        return lookup(name, Type.TLSA, r -> {
            TLSARecord t = (TLSARecord) r;
            return new TlsaRecord(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(),
                    java.util.HexFormat.of().formatHex(t.getCertificateAssociationData()));
        });
    }

    private static String concatenate(TXTRecord txt) {
        StringBuilder sb = new StringBuilder();
        for (byte[] s : txt.getStringsAsByteArrays()) {
            sb.append(new String(s, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** CAA records at {@code name} itself (RFC 8659; the caller climbs the tree). */
    public DnsAnswer<CaaRecord> caa(String name) {
        return lookup(name, Type.CAA, r -> {
            org.xbill.DNS.CAARecord caa = (org.xbill.DNS.CAARecord) r;
            return new CaaRecord(caa.getFlags(), caa.getTag(), caa.getValue());
        });
    }

    private <T> DnsAnswer<T> lookup(String name, int type, Function<Record, T> convert) {
        Name absolute;
        try {
            absolute = DnsNames.absolute(name);
        } catch (TextParseException e) {
            return DnsAnswer.failed(name, LookupStatus.FAILED, "not a valid DNS name: " + e.getMessage());
        }
        try {
            LookupResult result = session.lookupAsync(absolute, type).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<T> values = result.getRecords().stream().filter(r -> r.getType() == type).map(convert).toList();
            if (values.isEmpty()) {
                return DnsAnswer.failed(name, LookupStatus.NODATA, "");
            }
            return DnsAnswer.found(name, values).withAliases(chain(result));
        } catch (ExecutionException | CompletionException e) {
            return failure(name, e);
        } catch (TimeoutException e) {
            return DnsAnswer.failed(name, LookupStatus.TIMEOUT, "no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsAnswer.failed(name, LookupStatus.FAILED, "interrupted");
        }
    }

    /** The names a CNAME chain went through after the queried one, ending with the owner of the records. */
    private static List<String> chain(LookupResult result) {
        if (result.getAliases().isEmpty()) {
            return List.of();
        }
        List<String> chain = new java.util.ArrayList<>();
        result.getAliases().stream().skip(1).forEach(n -> chain.add(n.toString(true)));
        chain.add(result.getRecords().get(0).getName().toString(true));
        return chain;
    }

    static <T> DnsAnswer<T> failure(String name, Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NoSuchDomainException) {
            return DnsAnswer.failed(name, LookupStatus.NXDOMAIN, "");
        }
        if (cause instanceof NoSuchRRSetException) {
            return DnsAnswer.failed(name, LookupStatus.NODATA, "");
        }
        if (cause instanceof ServerFailedException) {
            return DnsAnswer.failed(name, LookupStatus.SERVFAIL, "the resolver answered SERVFAIL");
        }
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return DnsAnswer.failed(name, LookupStatus.TIMEOUT, "the resolver did not answer");
        }
        if (cause instanceof IOException) {
            return DnsAnswer.failed(name, LookupStatus.TIMEOUT, "resolver unreachable: " + cause.getMessage());
        }
        if (cause instanceof LookupFailedException) {
            return DnsAnswer.failed(name, LookupStatus.FAILED, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        return DnsAnswer.failed(name, LookupStatus.FAILED, String.valueOf(cause));
    }
}
