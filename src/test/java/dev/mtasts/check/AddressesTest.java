package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void compressesTheLongestRunOfZeroGroups() {
        assertEquals("::1", Addresses.text(Fixtures.ip("0:0:0:0:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", Addresses.text(Fixtures.ip("2001:db8:0:0:1:0:0:1")));
    }

    @Test
    void leavesIpv4Alone() {
        assertEquals("192.0.2.1", Addresses.text(Fixtures.ip("192.0.2.1")));
    }
}
