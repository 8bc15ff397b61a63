package org.skiffmq.client.internal.send;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.Message;
import org.skiffmq.client.InvalidMessageException;

class MessageChecksTest {
    private static final int MAX = 4 * 1024 * 1024;

    @Test
    void ordinaryMessagePasses() {
        assertDoesNotThrow(() -> MessageChecks.checkMessage(new Message("Orders_2024-x|%", new byte[] {1}), MAX));
    }

    @Test
    void topicWithASpaceIsRefusedNamingTheCharacter() {
        String text = refused(new Message("my topic", new byte[] {1}));
        assertTrue(text.contains("' '"), text);
    }

    @Test
    void topicLongerThan127CharactersIsRefused() {
        String text = refused(new Message("t".repeat(128), new byte[] {1}));
        assertTrue(text.contains("128") && text.contains("127"), text);
    }

    @Test
    void systemTopicsAreRefused() {
        assertTrue(refused(new Message("TBW102", new byte[] {1})).contains("system topic"));
        assertTrue(refused(new Message("SCHEDULE_TOPIC_XXXX", new byte[] {1})).contains("system topic"));
    }

    @Test
    void missingTopicIsRefused() {
        assertTrue(refused(new Message(null, new byte[] {1})).contains("no topic"));
    }

    @Test
    void nullBodyIsRefused() {
        assertTrue(refused(new Message("T", null)).contains("no body"));
    }

    @Test
    void emptyBodyIsRefused() {
        assertTrue(refused(new Message("T", new byte[0])).contains("empty body"));
    }

    @Test
    void bodyOverTheLimitIsRefusedNamingBothSizes() {
        String text = refused(new Message("T", new byte[MAX + 1]));
        assertTrue(text.contains(Integer.toString(MAX + 1)) && text.contains(Integer.toString(MAX)), text);
    }

    @Test
    void batchMixingTopicsIsRefused() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> MessageChecks.checkBatch(
                List.of(new Message("A", new byte[] {1}), new Message("B", new byte[] {1})), MAX));
        assertTrue(e.getMessage().contains("mixes A and B"), e.getMessage());
    }

    @Test
    void batchWithADelayedMessageIsRefused() {
        Message delayed = new Message("A", new byte[] {1});
        delayed.setDelayLevel(3);
        assertThrows(InvalidMessageException.class, () -> MessageChecks.checkBatch(List.of(delayed), MAX));
    }

    @Test
    void emptyBatchIsRefused() {
        assertThrows(InvalidMessageException.class, () -> MessageChecks.checkBatch(List.of(), MAX));
    }

    @Test
    void groupWithASlashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MessageChecks.checkGroup("pg/1"));
    }

    private static String refused(Message message) {
        return assertThrows(InvalidMessageException.class, () -> MessageChecks.checkMessage(message, MAX)).getMessage();
    }
}
