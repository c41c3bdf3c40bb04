package dev.mtasts.http;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable snapshot of every served site, by policy host name ({@code mta-sts.<domain>}). */
public final class Sites {

    private final Map<String, Site> byHost;

    public Sites(List<Site> sites) {
        Map<String, Site> map = new HashMap<>();
        for (Site s : sites) {
            map.put(s.host(), s);
        }
        this.byHost = Map.copyOf(map);
    }

    public Site forHost(String host) {
        return byHost.get(host);
    }

    public Collection<Site> all() {
        return byHost.values();
    }

    public int size() {
        return byHost.size();
    }

    /** A copy with one site replaced (matched by host). */
    public Sites with(Site site) {
        Map<String, Site> map = new HashMap<>(byHost);
        map.put(site.host(), site);
        return new Sites(List.copyOf(map.values()));
    }
}
