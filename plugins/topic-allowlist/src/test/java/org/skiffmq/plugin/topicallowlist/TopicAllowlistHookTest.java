package org.skiffmq.plugin.topicallowlist;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.remoting.ResponseCode;

class TopicAllowlistHookTest {
    private final TopicAllowlistHook hook = new TopicAllowlistHook();

    private static SendContext send(String topic) {
        return new SendContext(SendContext.Side.BROKER, "PG", new Message(topic, "x".getBytes()), "broker-a",
                "127.0.0.1:10911", "127.0.0.1:50000", 0);
    }

    @Test
    void listedTopicPasses() {
        hook.configure(new TopicAllowlistSettings(List.of("Orders")));
        assertDoesNotThrow(() -> hook.before(send("Orders")));
    }

    @Test
    void unlistedTopicGetsNoPermissionNamingIt() {
        hook.configure(new TopicAllowlistSettings(List.of("Orders")));
        SendRejectedException e = assertThrows(SendRejectedException.class, () -> hook.before(send("Orders2")));
        assertEquals(ResponseCode.NO_PERMISSION, e.responseCode());
        assertTrue(e.getMessage().startsWith("Topic Orders2 is not on this broker's allowlist"), e.getMessage());
    }

    @Test
    void trailingStarAllowsThePrefix() {
        hook.configure(new TopicAllowlistSettings(List.of("audit-*")));
        assertDoesNotThrow(() -> hook.before(send("audit-eu")));
        assertDoesNotThrow(() -> hook.before(send("audit-")));
        assertThrows(SendRejectedException.class, () -> hook.before(send("audit")));
    }

    @Test
    void emptyListRefusesEverySend() {
        hook.configure(new TopicAllowlistSettings(List.of()));
        assertThrows(SendRejectedException.class, () -> hook.before(send("Orders")));
    }

    @Test
    void settingsRequireTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TopicAllowlistSettings(null));
        assertTrue(e.getMessage().startsWith("setting 'topics' is required"), e.getMessage());
    }

    @Test
    void settingsAllowAStarOnlyAtTheEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TopicAllowlistSettings(List.of("a*b")));
        assertEquals("setting 'topics' allows * only at the end of a name (a prefix); was 'a*b'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TopicAllowlistSettings(Arrays.asList("ok", " ")));
    }
}
