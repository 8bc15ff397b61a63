package org.skiffmq.client.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;

/** SkiffMQ's transactional producer against SkiffMQ (the interop profile runs it against Apache RocketMQ too). */
class TransactionProducerTest {
    @TempDir
    Path dir;

    @Test
    void committedMessagesAreDeliveredOnceAndRolledBackOnesNeverAfterChecks() throws Exception {
        try (SkiffServer server = TestServers.standaloneWith(dir, "broker-tx",
                "transactions: { timeoutMillis: 500, checkIntervalMillis: 200 }\n")) {
            TransactionOutcomes.run(server.nameServerAddress(), "SkiffTx", 20);
        }
    }
}
