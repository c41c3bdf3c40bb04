package dev.mtasts.check;

import java.net.Inet6Address;
import java.net.InetAddress;

/** IP addresses as admins write them: IPv6 compressed per RFC 5952 ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
public final class Addresses {

    private Addresses() {
    }

    public static String text(InetAddress address) {
        String full = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return full;
        }
        int percent = full.indexOf('%');
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
