package org.skiffmq.client.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.StoredMessage;

class UnconsumedMessagesTest {

    private static StoredMessage at(long offset) {
        StoredMessage m = new StoredMessage();
        m.setQueueOffset(offset);
        return m;
    }

    private static List<StoredMessage> range(long from, long to) {
        List<StoredMessage> list = new ArrayList<>();
        for (long o = from; o < to; o++) {
            list.add(at(o));
        }
        return list;
    }

    private static List<Long> offsets(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::getQueueOffset).toList();
    }

    @Test
    void beforeAnyPullTheCommitOffsetIsTheStartOffset() {
        assertEquals(40, new UnconsumedMessages(40).commitOffset());
    }

    @Test
    void theCommitOffsetStaysAtTheLowestMessageNotYetConsumed() {
        UnconsumedMessages messages = new UnconsumedMessages(10);
        List<StoredMessage> pulled = range(10, 15);
        messages.add(pulled, 15);
        assertEquals(10, messages.remove(List.of(pulled.get(1), pulled.get(3), pulled.get(4))));
        assertEquals(12, messages.remove(List.of(pulled.get(0))));
        assertEquals(1, messages.count());
    }

    @Test
    void onceEverythingIsConsumedTheCommitOffsetIsWhereTheNextPullStarts() {
        UnconsumedMessages messages = new UnconsumedMessages(0);
        List<StoredMessage> pulled = range(0, 3);
        // The broker skipped offsets 3..6 (other tags): nextBeginOffset says so.
        messages.add(pulled, 7);
        assertEquals(7, messages.remove(pulled));
    }

    @Test
    void anEmptyPullAnswerMovesTheCommitOffsetPastSkippedMessages() {
        UnconsumedMessages messages = new UnconsumedMessages(5);
        messages.add(List.of(), 9);
        assertEquals(9, messages.commitOffset());
    }

    @Test
    void anOffsetMovedByTheBrokerReplacesTheOldPositionEvenBackwards() {
        UnconsumedMessages messages = new UnconsumedMessages(100);
        messages.add(range(100, 102), 102);
        messages.moveTo(50);
        assertEquals(50, messages.commitOffset());
        assertEquals(0, messages.count());
    }

    @Test
    void orderlyTakesHandOutEachMessageOnceInOffsetOrder() {
        UnconsumedMessages messages = new UnconsumedMessages(0);
        messages.add(range(0, 5), 5);
        assertEquals(List.of(0L, 1L), offsets(messages.takeInOrder(2)));
        assertEquals(List.of(2L, 3L), offsets(messages.takeInOrder(2)));
        assertEquals(List.of(4L), offsets(messages.takeInOrder(2)));
        assertFalse(messages.hasUntaken());
    }

    @Test
    void aBatchGivenBackIsHandedOutAgainFirst() {
        UnconsumedMessages messages = new UnconsumedMessages(0);
        messages.add(range(0, 4), 4);
        List<StoredMessage> first = messages.takeInOrder(2);
        messages.giveBack(first);
        assertTrue(messages.hasUntaken());
        assertEquals(List.of(0L, 1L), offsets(messages.takeInOrder(2)));
        assertEquals(0, messages.commitOffset());
    }
}
