package org.skiffmq.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.transport.ServerConfig;

class TransportSectionTest {
    @TempDir
    Path dir;

    private TransportSection load(String yaml) throws Exception {
        Path file = dir.resolve("broker.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file).transport();
    }

    @Test
    void inboundBudgetFromBrokerYamlReachesTheServerSettings() throws Exception {
        TransportSection section = load("transport:\n  maxFrameLength: 4m\n  inboundBudget: 64m\n");

        ServerConfig server = section.serverConfig("127.0.0.1", 10911);
        assertEquals(64L << 20, server.inboundBudget());
        assertEquals(4 << 20, server.maxFrameLength());
    }

    @Test
    void leftOutTheInboundBudgetIsTheTransportDefault() throws Exception {
        assertEquals(0, load("transport: netty\n").serverConfig("127.0.0.1", 10911).inboundBudget());
        assertEquals(0, load("transport:\n  idleTimeoutSeconds: 5\n").serverConfig("127.0.0.1", 1).inboundBudget());
    }

    @Test
    void anInboundBudgetTooSmallForTheLargestFrameIsRefusedNamingBothKeys() throws Exception {
        TransportSection section = load("transport:\n  maxFrameLength: 16m\n  inboundBudget: 16m\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> section.serverConfig("127.0.0.1", 10911));
        assertTrue(e.getMessage().contains("transport.inboundBudget"), e.getMessage());
        assertTrue(e.getMessage().contains("transport.maxFrameLength"), e.getMessage());
        assertTrue(e.getMessage().contains("at least " + ServerConfig.minimumInboundBudget(16 << 20)), e.getMessage());
    }
}
