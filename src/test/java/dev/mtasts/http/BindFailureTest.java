package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class BindFailureTest {

    private static final InetSocketAddress LOW = new InetSocketAddress("0.0.0.0", 443);

    @Test
    void aRefusedLowPortNamesTheCapability() {
        String m = BindFailure.message("https", LOW, new BindException("bind(..) failed with error(-13): Permission denied"));
        assertTrue(m.startsWith("cannot listen on /0.0.0.0:443 for https: bind(..) failed"), m);
        assertTrue(m.contains("port 443 needs root or the CAP_NET_BIND_SERVICE capability"), m);
    }

    @Test
    void aPortInUseSaysSo() {
        String m = BindFailure.message("http", new InetSocketAddress("0.0.0.0", 80),
                new BindException("bind(..) failed with error(-98): Address already in use"));
        assertTrue(m.endsWith("(another process listens on port 80)"), m);
        assertFalse(m.contains("CAP_NET_BIND_SERVICE"), m);
    }

    @Test
    void otherFailuresAreReportedAsTheyAre() {
        InetSocketAddress high = new InetSocketAddress("0.0.0.0", 8443);
        assertEquals("cannot listen on /0.0.0.0:8443 for https: Permission denied",
                BindFailure.message("https", high, new BindException("Permission denied")));
        assertEquals("cannot listen on /0.0.0.0:443 for https: Cannot assign requested address",
                BindFailure.message("https", LOW, new BindException("Cannot assign requested address")));
    }

    @Test
    void onlyEaccesCountsAsPermissionDenied() {
        assertTrue(BindFailure.permissionDenied(new BindException("bind(..) failed with error(-13): Permission denied")));
        assertTrue(BindFailure.permissionDenied(new BindException("Permission denied")));
        assertFalse(BindFailure.permissionDenied(new BindException("Address family not supported by protocol")));
        assertFalse(BindFailure.permissionDenied(new BindException(null)));
    }
}
