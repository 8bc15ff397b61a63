package com.example.examplehook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendFailedException;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConfigLoader;

/**
 * The hook inside a real broker, started in this JVM with the same broker.yaml a user writes:
 * the broker finds the hook through META-INF/services on the test class path, as it finds it in
 * the plugin zip once installed.
 */
class ExampleHookTest {
    @TempDir
    static Path home;
    static SkiffServer broker;
    static Producer producer;

    @BeforeAll
    static void startBrokerAndProducer() throws Exception {
        Path config = Files.writeString(home.resolve("broker.yaml"), String.join("\n",
                "listen: 127.0.0.1:0              # any free port",
                "nameServerListen: 127.0.0.1:0",
                "store: { dir: ./data, commitLogFileSize: 8m }",
                "send: { hooks: [example-hook] }",
                ""));
        broker = SkiffServer.start(ConfigLoader.load(config), home);
        producer = Producer.builder("PG_HOOK_TEST").nameServer(broker.nameServerAddress()).build();
        producer.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (broker != null) {
            broker.shutdown();
        }
    }

    @Test
    void messageWithoutTagIsRefusedWithTheHooksReason() {
        Message untagged = new Message("Orders", null, "order-1", "hello".getBytes(StandardCharsets.UTF_8));
        SendFailedException refused = assertThrows(SendFailedException.class, () -> producer.send(untagged));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, refused.responseCode());
        assertTrue(refused.getMessage().contains("Orders has no tag"), refused.getMessage());
    }

    @Test
    void taggedMessageIsStored() throws Exception {
        Message tagged = new Message("Orders", "TagA", "order-2", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(SendStatus.SEND_OK, producer.send(tagged).sendStatus());
    }
}
