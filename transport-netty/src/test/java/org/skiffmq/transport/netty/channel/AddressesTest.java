package org.skiffmq.transport.netty.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipAndPortRoundTrip() {
        InetSocketAddress parsed = Addresses.parse("127.0.0.1:10911");

        assertEquals(10911, parsed.getPort());
        assertEquals("127.0.0.1:10911", Addresses.format(parsed));
    }

    @Test
    void bracketedIpv6IsParsed() {
        assertEquals(9876, Addresses.parse("[::1]:9876").getPort());
    }

    @Test
    void addressesWithoutAValidPortAreRefused() {
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:x", "127.0.0.1:70000", null}) {
            assertThrows(IllegalArgumentException.class, () -> Addresses.parse(bad), bad);
        }
    }
}
