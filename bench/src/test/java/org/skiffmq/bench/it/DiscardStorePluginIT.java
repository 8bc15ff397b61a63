package org.skiffmq.bench.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.bench.InProcessSkiff;
import org.skiffmq.bench.ResultLine;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.plugin.PluginControlException;

/** The packaged discard-store.zip, loaded by PF4J from a plugins folder, serves sends. */
class DiscardStorePluginIT {

    @Test
    void brokerRunsOnTheDiscardStoreFromItsZip(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("skiff.discardZip")), plugins.resolve("discard-store.zip"));

        try (SkiffServer server = InProcessSkiff.start(dir, "discard", plugins)) {
            assertTrue(server.pluginReport().stream().anyMatch(l -> l.startsWith("discard-store") && l.endsWith("STARTED")),
                    server.pluginReport().toString());
            InProcessSkiff.Run run = InProcessSkiff.bench("produce", "--namesrv", server.nameServerAddress(),
                    "--threads", "4", "--warmup", "1", "--seconds", "1", "--no-progress");

            assertEquals(0, run.exitCode(), run.err());
            Map<String, Double> result = ResultLine.parse(run.out());
            assertTrue(result.get("tps") > 0, run.out());
            assertEquals(0.0, result.get("errors"), run.out());

            // The store it runs on cannot be reloaded from under it.
            PluginControlException refused = assertThrows(PluginControlException.class,
                    () -> server.pluginControl().reload("discard-store"));
            assertTrue(refused.getMessage().contains("which this broker runs on"), refused.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("data").resolve("commitlog")), "the discard store writes no commit log");
    }
}
