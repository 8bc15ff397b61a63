package org.skiffmq.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PluginIdsTest {

    @Test
    void idsThatCouldLeaveThePluginsFolderAreRefused() {
        for (String id : new String[] {"../evil", "..", "a/../../b", "a\\b", "/etc/passwd", "a..b", ".hidden", "",
                "x".repeat(65), "tab\tid", "new\nline"}) {
            assertFalse(PluginIds.isSafe(id), id);
        }
        assertFalse(PluginIds.isSafe(null));
        for (String id : new String[] {"audit-log", "store-raft", "my_plugin.v2", "A1"}) {
            assertTrue(PluginIds.isSafe(id), id);
        }
    }
}
