package org.skiffmq.kernel.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.MetricsSection;
import org.skiffmq.kernel.config.PluginsSection;
import org.skiffmq.kernel.config.SendSection;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.StoreSection;

/** Configurations for in-process brokers on 127.0.0.1 with free ports and a small commit log. */
final class TestBroker {

    private TestBroker() {
    }

    static SkiffConfig config(Path dataDir, String flush) {
        return SkiffConfig.defaults()
                .listen("127.0.0.1:0")
                .nameServerListen("127.0.0.1:0")
                .store(StoreSection.of("mmap", Map.of("dir", dataDir.toString(), "flush", flush,
                        "commitLogFileSize", "16m", "consumeQueueEntriesPerFile", 10_000, "flushIntervalMillis", 200)))
                .plugins(new PluginsSection(dataDir.resolve("no-plugins").toString()))
                .metrics(new MetricsSection(true, "127.0.0.1:0"));
    }

    static SkiffServer start(Path dataDir) throws StartupException {
        return SkiffServer.start(config(dataDir, "async"), dataDir);
    }

    static SkiffConfig withHooks(SkiffConfig config, List<String> hooks) {
        return config.send(new SendSection(hooks, null, null));
    }
}
