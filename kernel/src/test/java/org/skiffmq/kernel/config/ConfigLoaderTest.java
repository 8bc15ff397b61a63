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
import org.skiffmq.kernel.plugin.PluginSettings;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreSettings;

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
        MmapStoreConfig store = mmap(c).toConfig(dir);
        assertEquals(FlushMode.ASYNC, store.flushMode());
        assertEquals(1 << 30, store.commitLogFileSize());
        assertEquals(4 << 20, store.maxMessageSize());
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
        MmapStoreConfig store = mmap(c).toConfig(dir);
        assertEquals(FlushMode.SYNC, store.flushMode());
        assertEquals(64 << 20, store.commitLogFileSize());
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
                () -> load("broker.yaml", "transport:\n  engine: netty\n  maxFrameLenght: 8m\n"));
        assertTrue(e.getMessage().contains("'transport.maxFrameLenght'") && e.getMessage().contains("maxFrameLength"),
                e.getMessage());
    }

    @Test
    void theStoreBindsItsOwnKeysAndNamesATypoAndTheKeysThatExist() throws Exception {
        SkiffConfig c = load("broker.yaml", "store:\n  engine: mmap\n  flsh: sync\n");
        ConfigException e = assertThrows(ConfigException.class, () -> mmap(c));
        assertTrue(e.getMessage().startsWith("store (engine mmap): unknown setting 'flsh'")
                && e.getMessage().contains("flush"), e.getMessage());
    }

    @Test
    void badSizeSaysHowToWriteOne() throws Exception {
        SkiffConfig c = load("broker.yaml", "store:\n  commitLogFileSize: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> mmap(c));
        assertTrue(e.getMessage().contains("store.commitLogFileSize: 'lots' is not a size"), e.getMessage());
    }

    @Test
    void aBadFlushModeNamesTheKeyAndWhatIsAllowed() throws Exception {
        SkiffConfig c = load("broker.yaml", "store: { flush: always }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> mmap(c));
        assertEquals("store (engine mmap): store.flush must be 'async' or 'sync'; was 'always'", e.getMessage());
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
        assertEquals("./data", mmap(c).dir());
    }

    private static MmapStoreSettings mmap(SkiffConfig c) throws ConfigException {
        return PluginSettings.bindStoreSettings(c.store().engine(), c.store().settings(), MmapStoreSettings.class);
    }
}
