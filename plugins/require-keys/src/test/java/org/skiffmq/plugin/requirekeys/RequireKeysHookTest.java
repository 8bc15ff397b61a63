package org.skiffmq.plugin.requirekeys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.remoting.ResponseCode;

class RequireKeysHookTest {
    private final RequireKeysHook hook = new RequireKeysHook();

    private static SendContext contextFor(Message message) {
        return new SendContext(SendContext.Side.BROKER, "PG", message, "broker-a", "127.0.0.1:10911",
                "127.0.0.1:50000", 0);
    }

    @Test
    void messageWithKeysPasses() {
        Message m = new Message("Orders", "TagA", "order-42", "x".getBytes());
        assertDoesNotThrow(() -> hook.before(contextFor(m)));
    }

    @Test
    void messageWithoutKeysIsIllegalAndTheRemarkSaysWhatToDo() {
        Message m = new Message("Orders", "TagA", null, "x".getBytes());
        SendRejectedException e = assertThrows(SendRejectedException.class, () -> hook.before(contextFor(m)));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, e.responseCode());
        assertTrue(e.getMessage().contains("Orders") && e.getMessage().contains("setKeys"), e.getMessage());
    }

    @Test
    void blankKeysCountAsMissing() {
        Message m = new Message("Orders", null, "  ", "x".getBytes());
        assertThrows(SendRejectedException.class, () -> hook.before(contextFor(m)));
    }

    @Test
    void nameIsTheConfigurationName() {
        assertEquals("require-keys", hook.name());
    }
}
