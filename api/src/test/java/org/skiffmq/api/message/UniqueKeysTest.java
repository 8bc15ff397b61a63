package org.skiffmq.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniqueKeysTest {

    @Test
    void keyIsUpperCaseHexOfTheIpv4OrIpv6Length() {
        String key = UniqueKeys.next();
        assertTrue(key.length() == 32 || key.length() == 56, key);
        assertTrue(key.matches("[0-9A-F]+"), key);
    }

    @Test
    void keysDifferOnlyAfterTheProcessPart() {
        String a = UniqueKeys.next();
        String b = UniqueKeys.next();
        int fixed = a.length() - 12;
        assertEquals(a.substring(0, fixed), b.substring(0, fixed));
        assertTrue(!a.equals(b));
    }

    @Test
    void processPartCarriesThePid() {
        String key = UniqueKeys.next();
        int pidAt = key.length() - 12 - 12;
        byte[] pid = HexFormat.of().parseHex(key.substring(pidAt, pidAt + 4));
        assertEquals((short) ProcessHandle.current().pid(), (short) (((pid[0] & 0xFF) << 8) | (pid[1] & 0xFF)));
    }

    @Test
    void tenThousandKeysAreDistinct() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(UniqueKeys.next());
        }
        assertEquals(10_000, keys.size());
    }
}
