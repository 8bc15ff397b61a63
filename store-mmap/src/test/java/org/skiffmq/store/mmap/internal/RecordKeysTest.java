package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;

/** The keys the index files a stored record under, read from the record's bytes where it lies. */
class RecordKeysTest {
    private final RecordKeys keys = new RecordKeys();

    private static BrokerMessage keyed(String topic, String keyList, String uniqKey) {
        BrokerMessage m = TestMessages.message(topic, 0, "body");
        m.setKeys(keyList);
        m.putProperty(MessageProperties.UNIQ_KEY, uniqKey);
        return m;
    }

    /** The record of {@code m} at {@code at} in a buffer with other bytes before and after it. */
    private static ByteBuffer placed(BrokerMessage m, int at) {
        byte[] record = TestMessages.expectedRecord(m, 3, 4096, 1234L);
        ByteBuffer b = ByteBuffer.allocateDirect(at + record.length + 64);
        b.put(at, record);
        return b;
    }

    private List<Integer> hashes(ByteBuffer b, int at, int size, List<Long> times) {
        List<Integer> found = new ArrayList<>();
        keys.forEach(b, at, size, (hash, time) -> {
            found.add(hash);
            times.add(time);
        });
        return found;
    }

    @Test
    void eachKeyAndTheUniqueKeyAreFiledUnderTheirTopic() {
        BrokerMessage m = keyed("OrderTopic", "order-1 customer-7", "AC110001000018B4AAC2");
        int size = TestMessages.expectedRecord(m, 3, 4096, 1234L).length;
        List<Long> times = new ArrayList<>();
        List<Integer> found = hashes(placed(m, 100), 100, size, times);
        assertEquals(3, found.size());
        assertTrue(found.containsAll(List.of(RecordKeys.hash("OrderTopic", "order-1"),
                RecordKeys.hash("OrderTopic", "customer-7"), RecordKeys.hash("OrderTopic", "AC110001000018B4AAC2"))));
        assertEquals(List.of(1234L, 1234L, 1234L), times, "filed at the record's store time");
        assertTrue(!found.contains(RecordKeys.hash("OtherTopic", "order-1")), "the topic is part of the key");
    }

    @Test
    void aTopicAndPropertiesLargerThanTheFirstScratchAreRead() {
        String longKey = "k".repeat(3000);
        BrokerMessage m = keyed("T".repeat(120), longKey, "U");
        int size = TestMessages.expectedRecord(m, 3, 4096, 1234L).length;
        List<Integer> found = hashes(placed(m, 0), 0, size, new ArrayList<>());
        assertTrue(found.contains(RecordKeys.hash("T".repeat(120), longKey)));
        assertTrue(found.contains(RecordKeys.hash("T".repeat(120), "U")));
    }

    @Test
    void aRolledBackTransactionIsNotIndexed() {
        BrokerMessage m = keyed("T", "k", "U");
        m.setSysFlag(MessageSysFlag.TRANSACTION_ROLLBACK);
        int size = TestMessages.expectedRecord(m, 3, 4096, 1234L).length;
        assertEquals(List.of(), hashes(placed(m, 8), 8, size, new ArrayList<>()));
    }

    @Test
    void aRecordWhoseFieldsRunPastItsSizeIsRefusedEvenWithBytesAfterIt() {
        BrokerMessage m = keyed("T", "k", "U");
        int size = TestMessages.expectedRecord(m, 3, 4096, 1234L).length;
        ByteBuffer b = placed(m, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> hashes(b, 0, size - 5, new ArrayList<>()),
                "its properties end 5 bytes past the size it claims");
    }
}
