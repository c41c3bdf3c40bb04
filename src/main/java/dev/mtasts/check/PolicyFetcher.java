package dev.mtasts.check;

import java.net.InetAddress;

/** Fetches {@code https://HOST/.well-known/mta-sts.txt} from one address of the policy host. */
public interface PolicyFetcher {

    String PATH = "/.well-known/mta-sts.txt";

    FetchResult fetch(String host, InetAddress address);
}
