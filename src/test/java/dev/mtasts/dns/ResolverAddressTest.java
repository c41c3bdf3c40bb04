package dev.mtasts.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResolverAddressTest {

    @Test
    void defaultsToPort53() {
        assertEquals(new ResolverAddress("192.0.2.53", 53), ResolverAddress.parse("192.0.2.53"));
    }

    @Test
    void acceptsHostAndPort() {
        assertEquals(new ResolverAddress("ns.example.com", 5353), ResolverAddress.parse("ns.example.com:5353"));
    }

    @Test
    void acceptsBracketedIpv6WithPort() {
        assertEquals(new ResolverAddress("2001:db8::53", 5300), ResolverAddress.parse("[2001:db8::53]:5300"));
    }

    @Test
    void acceptsBareIpv6() {
        assertEquals(new ResolverAddress("::1", 53), ResolverAddress.parse("::1"));
    }

    @Test
    void rejectsPortOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> ResolverAddress.parse("192.0.2.53:70000"));
    }

    @Test
    void rejectsGarbage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResolverAddress.parse("a b:c"));
        assertEquals("--resolver 'a b:c' is not HOST, HOST:PORT or [IPv6]:PORT", e.getMessage());
    }
}
