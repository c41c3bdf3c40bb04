package dev.mtasts.dns;

import java.io.IOException;

/**
 * Writes TXT records into DNS, the role DNS-01 challenges and id publishing need. Names are host names as
 * text ({@code _acme-challenge.mta-sts.example.com}, a trailing dot is optional). Every call goes over the
 * network: it may be refused or time out, and then throws an {@link IOException} whose message names the
 * server, the name and the reason.
 */
public interface DnsUpdater {

    /** Where the updates go, for messages. */
    String server();

    /** Adds one TXT record; other TXT records at {@code name} stay (several challenges may be pending). */
    void addTxt(String name, String value, long ttlSeconds) throws IOException;

    /** Deletes exactly the TXT record at {@code name} with this value. */
    void deleteTxt(String name, String value) throws IOException;

    /**
     * In one atomic change, deletes the TXT records at {@code name} whose text starts with {@code prefix}
     * (except {@code value} itself) and adds {@code value}: other TXT records there are kept.
     */
    void replaceTxt(String name, String prefix, String value, long ttlSeconds) throws IOException;

    /** Whether the server answers a TXT record with exactly this value at {@code name}. */
    boolean answersTxt(String name, String value) throws IOException;
}
