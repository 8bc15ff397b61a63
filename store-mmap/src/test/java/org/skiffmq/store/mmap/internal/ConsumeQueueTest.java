package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.MessageProperties;

/** The consume-queue entry encoding against RocketMQ's bytes. */
class ConsumeQueueTest {
    @TempDir
    Path dir;

    static byte[] vector(String name) throws IOException {
        String vectors = System.getProperty("skiff.vectors", "../api/src/test/resources/vectors");
        return HexFormat.of().parseHex(Files.readString(Path.of(vectors, name)).trim());
    }

    private byte[] firstBytes(ConsumeQueue cq, int length) throws IOException {
        cq.flush();
        return Arrays.copyOf(Files.readAllBytes(dir.resolve(FileNames.of(0))), length);
    }

    @Test
    void entryMatchesTheSyntheticVector() throws IOException {
        ConsumeQueue cq = ConsumeQueue.open("TopicTest", 1, dir, 100);
        cq.write(0, 0, 199, MessageProperties.tagsCode("TagA"));
        cq.publish(1);
        assertArrayEquals(vector("consume-queue-entry.hex"), firstBytes(cq, 20));
        cq.close();
    }

    @Test
    void entriesMatchTheCapturedConsumeQueue() throws IOException {
        ConsumeQueue cq = ConsumeQueue.open("TopicDemo", 3, dir, 100);
        cq.write(0, 0, 272, MessageProperties.tagsCode("TagA"));
        cq.write(1, 2093, 306, MessageProperties.tagsCode("TagA"));
        cq.publish(2);
        assertArrayEquals(vector("captured/consumequeue-topicdemo-q3-entries-0-1.hex"), firstBytes(cq, 40));
        cq.close();
    }

    @Test
    void reopenFindsTheEndFromTheLastNonEmptySlot() throws IOException {
        ConsumeQueue cq = ConsumeQueue.open("T", 0, dir, 4);
        for (int q = 0; q < 6; q++) {
            cq.prepareRoom(1);
            cq.write(q, q * 100L, 100, 7);
            cq.publish(q + 1);
        }
        cq.flush();
        cq.close();
        assertEquals(80, Files.size(dir.resolve(FileNames.of(80))));
        ConsumeQueue reopened = ConsumeQueue.open("T", 0, dir, 4);
        assertEquals(6, reopened.maxOffset());
        assertEquals(500, reopened.physicalOffset(5));
        assertEquals(7, reopened.tagsCode(5));
        reopened.close();
    }
}
