package dev.mtasts.dns;

import dev.mtasts.policy.DomainNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory zone behind {@link DnsUpdater}: TXT values by name (a trailing dot is ignored), a log of
 * the calls, an optional failure for every write, and a delay (in answer queries) before an added record
 * is answered, as a primary server that needs a moment.
 */
public final class FakeDnsUpdater implements DnsUpdater {

    private final Map<String, List<String>> txt = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private IOException writeFailure;
    private int unansweredQueries;

    public synchronized FakeDnsUpdater withTxt(String name, String... values) {
        txt.computeIfAbsent(key(name), n -> new ArrayList<>()).addAll(List.of(values));
        return this;
    }

    /** Every write fails with {@code failure} from now on. */
    public synchronized FakeDnsUpdater failingWrites(IOException failure) {
        this.writeFailure = failure;
        return this;
    }

    /** The next {@code queries} calls of {@link #answersTxt} answer no, whatever is stored. */
    public synchronized FakeDnsUpdater answeringAfter(int queries) {
        this.unansweredQueries = queries;
        return this;
    }

    public synchronized List<String> txt(String name) {
        return List.copyOf(txt.getOrDefault(key(name), List.of()));
    }

    /** The calls so far, as {@code "add <name> <value>"}, {@code "delete ..."}, {@code "replace ..."}, {@code "query ..."}. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public String server() {
        return "fake-primary";
    }

    @Override
    public synchronized void addTxt(String name, String value, long ttlSeconds) throws IOException {
        write("add " + key(name) + " " + value);
        txt.computeIfAbsent(key(name), n -> new ArrayList<>()).add(value);
    }

    @Override
    public synchronized void deleteTxt(String name, String value) throws IOException {
        write("delete " + key(name) + " " + value);
        txt.getOrDefault(key(name), new ArrayList<>()).remove(value);
    }

    @Override
    public synchronized void replaceTxt(String name, String prefix, String value, long ttlSeconds) throws IOException {
        write("replace " + key(name) + " " + value);
        List<String> values = txt.computeIfAbsent(key(name), n -> new ArrayList<>());
        values.removeIf(v -> v.startsWith(prefix));
        values.add(value);
    }

    @Override
    public synchronized boolean answersTxt(String name, String value) {
        calls.add("query " + key(name) + " " + value);
        if (unansweredQueries > 0) {
            unansweredQueries--;
            return false;
        }
        return txt.getOrDefault(key(name), List.of()).contains(value);
    }

    private void write(String call) throws IOException {
        calls.add(call);
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    private static String key(String name) {
        return DomainNames.normalize(name);
    }
}
