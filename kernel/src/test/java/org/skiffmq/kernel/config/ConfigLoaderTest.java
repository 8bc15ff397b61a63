package org.skiffmq.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.FlushMode;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private SkiffConfig load(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return ConfigLoader.load(file);
    }

    @Test
    void emptyFileGivesTheStandaloneDefaults() throws Exception {
        SkiffConfig c = load("broker.yaml", "");
        assertEquals("127.0.0.1:10911", c.listen());
        assertTrue(c.embeddedNameServer());
        assertEquals("127.0.0.1:9876", c.nameServerListen());
        assertEquals("netty", c.transport().engine());
        assertEquals("mmap", c.store().engine());
        assertEquals(FlushMode.ASYNC, c.store().flushMode());
        assertEquals(1L << 30, c.store().commitLogFileSize().bytes());
        assertEquals(4L << 20, c.store().maxMessageSize().bytes());
        assertEquals(List.of(), c.send().hooks());
        assertTrue(c.autoCreateTopic());
    }

    @Test
    void yamlSectionsAndSizesWithUnits() throws Exception {
        SkiffConfig c = load("broker.yaml", String.join("\n",
                "brokerName: broker-x",
                "transport: netty",
                "store: { engine: mmap, dir: /tmp/x, flush: sync, commitLogFileSize: 64m }",
                "send:",
                "  hooks: [require-keys, audit]"));
        assertEquals("broker-x", c.brokerName());
        assertEquals(FlushMode.SYNC, c.store().flushMode());
        assertEquals(64L << 20, c.store().commitLogFileSize().bytes());
        assertEquals(List.of("require-keys", "audit"), c.send().hooks());
    }

    @Test
    void jsonWorksToo() throws Exception {
        SkiffConfig c = load("broker.json", "{\"listen\":\"0.0.0.0:20911\",\"transport\":{\"engine\":\"netty\",\"maxFrameLength\":\"8m\"}}");
        assertEquals("0.0.0.0:20911", c.listen());
        assertEquals(8L << 20, c.transport().maxFrameLength().bytes());
    }

    @Test
    void typoInASectionNamesTheKeyAndTheKeysThatExist() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("broker.yaml", "store:\n  engine: mmap\n  flsh: sync\n"));
        assertTrue(e.getMessage().contains("'store.flsh'") && e.getMessage().contains("flush"), e.getMessage());
    }

    @Test
    void badSizeSaysHowToWriteOne() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("broker.yaml", "store:\n  commitLogFileSize: lots\n"));
        assertTrue(e.getMessage().contains("'lots' is not a size"), e.getMessage());
    }

    @Test
    void unknownTopLevelKeysAreKeptAsPluginSections() throws Exception {
        SkiffConfig c = load("broker.yaml", "max-rate:\n  perSecond: 100\n");
        assertTrue(c.pluginSections().containsKey("max-rate"));
    }

    @Test
    void missingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
    }

    @Test
    void shippedDistributionConfigLoads() throws Exception {
        Path shipped = Path.of("../dist/src/main/dist/conf/broker.yaml");
        SkiffConfig c = ConfigLoader.load(shipped);
        assertEquals("broker-a", c.brokerName());
        assertEquals("./data", c.store().dir());
    }
}
