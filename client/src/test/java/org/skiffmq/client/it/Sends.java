package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.Message;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendStatus;

/** Fills topics for consumer tests with SkiffMQ's producer. */
final class Sends {

    private Sends() {
    }

    /** Sends {@code count} messages in batches of 100, tags cycling through {@code tags}; returns their ids. */
    static List<String> batches(Producer producer, String topic, int count, String... tags) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int start = 0; start < count; start += 100) {
            List<Message> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                batch.add(new Message(topic, tags[i % tags.length], "k" + i,
                        ("message " + i).getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(SendStatus.SEND_OK, producer.send(batch).sendStatus());
            for (Message m : batch) {
                ids.add(m.getUniqKey());
            }
        }
        return ids;
    }
}
