package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.broker.admin.PluginAdminClient;
import org.skiffmq.kernel.config.PluginsSection;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.PluginControlException;
import org.skiffmq.kernel.plugin.PluginZips;
import org.skiffmq.kernel.protocol.PluginsInfo;

/**
 * Plugin control on a running broker, over Remoting as {@code bin/skiff plugins} does it, while
 * the official producer sends without pause: hooks are enabled, reordered, disabled and their
 * plugin reloaded with new code, no send fails, and every message sent after a change carries
 * the marks of the chain that change made.
 */
class PluginControlTest {
    private static final String TOPIC = "PluginSwap";

    @TempDir
    Path dir;

    /** Plugin "trail": hooks trail-a and trail-b append their letter to the message's TRAIL property. */
    private Path trailPlugin(String version, String letterA) throws Exception {
        return PluginZips.plugin("trail", version)
                .source("test.trail.A", PluginZips.hook("test.trail", "A", "trail-a", append(letterA)))
                .source("test.trail.B", PluginZips.hook("test.trail", "B", "trail-b", append("b")))
                .provides(SendHook.class, "test.trail.A")
                .provides(SendHook.class, "test.trail.B")
                .writeTo(dir.resolve("plugins"), "trail.zip");
    }

    private static String append(String letter) {
        return "String t = context.message().getProperty(\"TRAIL\");\n"
                + "context.message().putProperty(\"TRAIL\", (t == null ? \"\" : t) + \"" + letter + "\");";
    }

    private SkiffServer start() throws Exception {
        return SkiffServer.start(TestBroker.config(dir.resolve("data"), "async")
                .plugins(new PluginsSection(dir.resolve("plugins").toString())), dir);
    }

    private static PluginAdminClient admin(SkiffServer server) throws Exception {
        return new PluginAdminClient(ExtensionCatalog.discover(null).transport("netty", "-"), server.brokerAddress());
    }

    @Test
    void hooksSwapUnderLoadWithoutAFailedSendAndLaterSendsSeeTheNewChain() throws Exception {
        trailPlugin("1.0.0", "a");
        List<String> expected = List.of("", "a", "ab", "ba", "a", "A");
        AtomicInteger phase = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        Map<String, Integer> phaseAtSend = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (SkiffServer server = start(); PluginAdminClient admin = admin(server)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_SWAP");
            producer.setRetryTimesWhenSendFailed(0); // a failure must show, not be retried away
            producer.send(new Message(TOPIC, "warm-up".getBytes(StandardCharsets.UTF_8)));
            int threads = 4;
            CountDownLatch done = new CountDownLatch(threads);
            AtomicLong sequence = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                Thread sender = new Thread(() -> {
                    try {
                        while (sending.get()) {
                            String body = "m" + sequence.incrementAndGet();
                            int p = phase.get();
                            try {
                                if (producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)))
                                        .getSendStatus() == SendStatus.SEND_OK) {
                                    phaseAtSend.put(body, p);
                                } else {
                                    failures.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                                errors.add(e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
                sender.start();
            }
            List<PluginAdminClient.Outcome> outcomes = new ArrayList<>();
            pause(phaseAtSend, 0);
            outcomes.add(admin.enable("trail-a", 0));
            phase.incrementAndGet();
            pause(phaseAtSend, 1);
            outcomes.add(admin.enable("trail-b", 0));
            phase.incrementAndGet();
            pause(phaseAtSend, 2);
            outcomes.add(admin.order(List.of("trail-b", "trail-a")));
            phase.incrementAndGet();
            pause(phaseAtSend, 3);
            outcomes.add(admin.disable("trail-b"));
            phase.incrementAndGet();
            pause(phaseAtSend, 4);
            trailPlugin("2.0.0", "A"); // new code in the same zip
            outcomes.add(admin.reload("trail"));
            phase.incrementAndGet();
            pause(phaseAtSend, 5);
            sending.set(false);
            done.await();
            producer.shutdown();

            assertEquals(0, failures.get(), "sends failed during the swaps: " + errors);
            assertEquals(List.of("trail-a"), activeHooks(outcomes.get(4).state()));
            assertTrue(outcomes.get(4).done().contains("1.0.0 -> 2.0.0"), outcomes.get(4).done());
            Map<String, String> trails = storedTrails(server.broker().store());
            for (Map.Entry<String, Integer> sent : phaseAtSend.entrySet()) {
                String trail = trails.get(sent.getKey());
                assertNotNull(trail, sent.getKey() + " was acknowledged but is not in the store");
                int p = sent.getValue();
                // Sent after change p was answered: the chain of change p, or of a later one.
                assertTrue(expected.subList(p, expected.size()).contains(trail), sent.getKey() + " sent in phase " + p
                        + " carries '" + trail + "'; expected one of " + expected.subList(p, expected.size()));
            }
            for (int p = 0; p < expected.size(); p++) {
                final int phaseNo = p;
                assertTrue(phaseAtSend.values().stream().anyMatch(v -> v == phaseNo), "no send in phase " + p);
            }
        }
    }

    /** Waits until some sends of this phase have been acknowledged, so every chain carries traffic. */
    private static void pause(Map<String, Integer> phaseAtSend, int phase) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (phaseAtSend.values().stream().filter(v -> v == phase).count() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static List<String> activeHooks(PluginsInfo info) {
        return info.hooks().stream().filter(h -> h.position() > 0).map(PluginsInfo.Hook::name).toList();
    }

    /** Body → TRAIL property ("" when absent) of every message stored in the topic. */
    private static Map<String, String> storedTrails(MessageStore store) {
        Map<String, String> trails = new HashMap<>();
        for (int queueId : store.queueIds(TOPIC)) {
            long offset = store.minQueueOffset(TOPIC, queueId);
            while (offset < store.maxQueueOffset(TOPIC, queueId)) {
                GetResult got = store.getMessages(TOPIC, queueId, offset, 256, 4 << 20, null);
                for (ByteBuffer record : got.messages()) {
                    StoredMessage m = StoredMessageCodec.decode(record.duplicate());
                    String trail = m.getProperty("TRAIL");
                    trails.put(new String(m.getBody(), StandardCharsets.UTF_8), trail == null ? "" : trail);
                }
                offset = got.nextBeginOffset();
            }
        }
        return trails;
    }

    @Test
    void aHookThatThrowsFailsThatSendNamingItAndIsCounted() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginZips.plugin("flaky", "1.0.0")
                .source("test.flaky.Flaky", PluginZips.hook("test.flaky", "Flaky", "flaky",
                        "if (\"boom\".equals(context.message().getTags())) throw new IllegalStateException(\"kaput\");"))
                .provides(SendHook.class, "test.flaky.Flaky")
                .writeTo(plugins, "flaky.zip");
        try (SkiffServer server = start(); PluginAdminClient admin = admin(server)) {
            admin.enable("flaky", 0);
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_FLAKY");
            producer.setRetryTimesWhenSendFailed(0);
            // SYSTEM_ERROR is in the official client's retry list, so it arrives wrapped.
            MQClientException thrown = assertThrows(MQClientException.class,
                    () -> producer.send(new Message(TOPIC, "boom", "x".getBytes(StandardCharsets.UTF_8))));
            MQBrokerException refused = assertInstanceOf(MQBrokerException.class, thrown.getCause());
            assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
            assertTrue(refused.getErrorMessage().contains("Send hook 'flaky' failed")
                    && refused.getErrorMessage().contains("kaput"), refused.getErrorMessage());
            // The same connection goes on serving.
            assertEquals(SendStatus.SEND_OK,
                    producer.send(new Message(TOPIC, "fine", "y".getBytes(StandardCharsets.UTF_8))).getSendStatus());
            producer.shutdown();
            PluginsInfo.Hook flaky = admin.list().state().hooks().stream().filter(h -> h.name().equals("flaky"))
                    .findFirst().orElseThrow();
            assertEquals(1, flaky.failures());
            // From the broker's metrics: both sends ran its before, and a call takes well under a second.
            assertTrue(flaky.calls() >= 2, "calls " + flaky.calls());
            assertTrue(flaky.p99Millis() > 0 && flaky.p99Millis() <= 1000, "p99 " + flaky.p99Millis());
            assertEquals(1, flaky.position());
            assertEquals("plugin flaky 1.0.0", flaky.origin());
            // The metrics say which plugins are loaded, and in what state.
            java.net.HttpURLConnection scrape = (java.net.HttpURLConnection) java.net.URI.create("http://"
                    + server.broker().metricsEndpoint().addressString() + "/metrics").toURL().openConnection();
            String metrics;
            try (java.io.InputStream in = scrape.getInputStream()) {
                metrics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("skiff_plugin_state{") && l.contains("plugin=\"flaky\"")
                    && l.contains("state=\"started\"") && l.contains("version=\"1.0.0\"")), metrics);
            assertTrue(metrics.contains("skiff_send_hook_failures_total{") && metrics.contains("hook=\"flaky\""));
        }
    }

    @Test
    void refusedChangesSayWhyAndChangeNothing() throws Exception {
        trailPlugin("1.0.0", "a");
        Path broken = PluginZips.plugin("broken", "1.0.0")
                .source("test.broken.B", PluginZips.hook("test.broken", "B", "broken",
                        "org.skiffmq.kernel.json.Json.toString(1);"))
                .provides(SendHook.class, "test.broken.B")
                .writeTo(dir.resolve("downloads"), "broken.zip");
        try (SkiffServer server = start(); PluginAdminClient admin = admin(server)) {
            admin.order(List.of("trail-b"));
            assertMessage(() -> admin.enable("nope", 0), "'nope' is not installed", "trail-a");
            assertMessage(() -> admin.enable("trail-b", 0), "already active at position 1");
            assertMessage(() -> admin.disable("trail-a"), "is not active");
            assertMessage(() -> admin.order(List.of("trail-a", "trail-a")), "once");
            // Installing reads the descriptor only; the kernel-internals check happens when it is loaded.
            admin.install(broken.toString());
            assertMessage(() -> admin.load("broken"), "not loaded", "kernel internals");
            assertMessage(() -> admin.install(broken.toString()), "already installed");
            assertMessage(() -> admin.install(dir.resolve("missing.zip").toString()), "No plugin file");
            assertMessage(() -> admin.reload("nope"), "No plugin 'nope'");
            PluginsInfo state = admin.list().state();
            assertEquals(List.of("trail-b"), activeHooks(state));
            assertEquals(List.of("trail", "broken"), state.plugins().stream().map(PluginsInfo.Plugin::id).toList());
            assertEquals("INSTALLED", state.plugins().get(1).state());

            Path good = PluginZips.plugin("stamp", "1.0.0")
                    .source("test.stamp.S", PluginZips.hook("test.stamp", "S", "stamp", ""))
                    .provides(SendHook.class, "test.stamp.S")
                    .writeTo(dir.resolve("downloads"), "stamp-1.0.0.zip");
            PluginAdminClient.Outcome installed = admin.install(good.toString());
            assertTrue(installed.done().contains("installed plugin stamp 1.0.0 without running it"), installed.done());
            assertMessage(() -> admin.enable("stamp", 1), "'stamp' is not installed");
            assertTrue(admin.load("stamp").done().contains("loaded plugin stamp 1.0.0 with [stamp]"));
            assertEquals(List.of("stamp", "trail-b"), activeHooks(admin.enable("stamp", 1).state()));
        }
    }

    private interface Call {
        void run() throws PluginControlException;
    }

    private static void assertMessage(Call call, String... parts) {
        PluginControlException e = assertThrows(PluginControlException.class, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should say " + part);
        }
    }

    @Test
    void installingRunsNoCodeUntilThePluginIsLoadedEvenAcrossARestart() throws Exception {
        trailPlugin("1.0.0", "a");
        Path marker = dir.resolve("ran");
        String source = "package test.mark;\n"
                + "public final class Mark implements org.skiffmq.api.hook.SendHook {\n"
                + "  public Mark() {\n"
                + "    try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"ran\"); }\n"
                + "    catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }\n"
                + "  }\n"
                + "  public String name() { return \"mark\"; }\n"
                + "}\n";
        Path zip = PluginZips.plugin("mark", "1.0.0").source("test.mark.Mark", source)
                .provides(SendHook.class, "test.mark.Mark").writeTo(dir.resolve("downloads"), "mark.zip");
        Path escaping = withId(zip, "../escape", dir.resolve("downloads/escape.zip"));

        try (SkiffServer server = start(); PluginAdminClient admin = admin(server)) {
            assertMessage(() -> admin.install(escaping.toString()), "'../escape'", "outside the plugins folder");
            admin.install(zip.toString());
            assertFalse(java.nio.file.Files.exists(marker), "installing ran the plugin's code");
            assertTrue(java.nio.file.Files.exists(dir.resolve("plugins/installed/mark.zip")));
        }
        try (SkiffServer server = start(); PluginAdminClient admin = admin(server)) {
            assertFalse(java.nio.file.Files.exists(marker), "a restart ran an installed plugin's code");
            assertEquals("INSTALLED", admin.list().state().plugins().stream()
                    .filter(p -> p.id().equals("mark")).findFirst().orElseThrow().state());
            admin.load("mark");
            assertTrue(java.nio.file.Files.exists(marker), "loading runs it");
            assertTrue(java.nio.file.Files.exists(dir.resolve("plugins/mark.zip")), "kept for the next start");
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve("escape.zip")));
        assertFalse(java.nio.file.Files.exists(dir.resolve("plugins/../escape.zip")));
    }

    /** A copy of a plugin zip whose descriptor names another id. */
    private static Path withId(Path zip, String id, Path copy) throws java.io.IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(zip.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(copy))) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(entry.getName().equals("plugin.properties")
                        ? ("plugin.id=" + id + "\nplugin.version=1.0.0\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : in.getInputStream(entry).readAllBytes());
                out.closeEntry();
            }
        }
        return copy;
    }

    @Test
    void settingsAreReadFromTheConfigurationFileWhenAHookIsEnabledOrReloaded() throws Exception {
        String source = "package test.greet;\n"
                + "import org.skiffmq.api.hook.*;\n"
                + "public final class Greet implements SendHook, org.skiffmq.api.settings.Configurable<Greet.Settings> {\n"
                + "  public record Settings(String word) {\n"
                + "    public Settings { if (word == null) throw new IllegalArgumentException(\"setting 'word' is required\"); } }\n"
                + "  private String word;\n"
                + "  public String name() { return \"greet\"; }\n"
                + "  public Class<Settings> settingsType() { return Settings.class; }\n"
                + "  public void configure(Settings s) { word = s.word(); }\n"
                + "  public void before(SendContext c) { c.message().putProperty(\"TRAIL\", word); }\n"
                + "}\n";
        PluginZips.plugin("greet", "1.0.0").source("test.greet.Greet", source)
                .provides(SendHook.class, "test.greet.Greet").writeTo(dir.resolve("plugins"), "greet.zip");
        Path configFile = dir.resolve("broker.yaml");
        String base = "listen: 127.0.0.1:0\nnameServerListen: 127.0.0.1:0\n"
                + "store: { dir: " + dir.resolve("data") + ", commitLogFileSize: 16m }\n"
                + "plugins: { dir: " + dir.resolve("plugins") + " }\n";
        java.nio.file.Files.writeString(configFile, base);
        try (SkiffServer server = SkiffServer.start(org.skiffmq.kernel.config.ConfigLoader.load(configFile), dir,
                configFile); PluginAdminClient admin = admin(server)) {
            assertMessage(() -> admin.enable("greet", 0), "setting 'word' is required", "'greet' section of "
                    + configFile);
            java.nio.file.Files.writeString(configFile, base + "greet: { word: hello }\n");
            admin.enable("greet", 0);
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_GREET");
            producer.send(new Message(TOPIC, "first".getBytes(StandardCharsets.UTF_8)));
            java.nio.file.Files.writeString(configFile, base + "greet: { word: bonjour }\n");
            admin.reload("greet");
            producer.send(new Message(TOPIC, "second".getBytes(StandardCharsets.UTF_8)));
            producer.shutdown();
            Map<String, String> stored = storedTrails(server.broker().store());
            assertEquals("hello", stored.get("first"));
            assertEquals("bonjour", stored.get("second"));
        }
    }

    @Test
    void malformedControlRequestsAreAnsweredWithTheFieldAtFaultAndChangeNothing() throws Exception {
        trailPlugin("1.0.0", "a");
        try (SkiffServer server = start(); PluginAdminClient admin = admin(server)) {
            admin.enable("trail-a", 0);
            RemotingClient raw = ExtensionCatalog.discover(null).transport("netty", "-")
                    .createClient(ClientConfig.defaults());
            raw.start();
            try {
                Map<RemotingCommand, String> cases = new LinkedHashMap<>();
                cases.put(RemotingCommand.request(
                        RequestCode.SKIFF_HOOKS_ORDER), "'hooks'");
                cases.put(RemotingCommand.request(
                        RequestCode.SKIFF_HOOKS_ENABLE).putExt("hook", "trail-b")
                        .putExt("position", "first"), "'position'");
                cases.put(RemotingCommand.request(
                        RequestCode.SKIFF_PLUGINS_INSTALL).putExt("path", "trail.zip"),
                        "must be absolute");
                cases.put(RemotingCommand.request(
                        RequestCode.SKIFF_PLUGINS_RELOAD), "'plugin'");
                for (Map.Entry<RemotingCommand, String> c : cases.entrySet()) {
                    RemotingCommand response =
                            raw.invokeSync(server.brokerAddress(), c.getKey(), 5000);
                    assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode(), response.getRemark());
                    assertTrue(response.getRemark().contains(c.getValue()),
                            "'" + response.getRemark() + "' should name " + c.getValue());
                }
            } finally {
                raw.shutdown();
            }
            assertEquals(List.of("trail-a"), activeHooks(admin.list().state()), "nothing changed");
        }
    }

    @Test
    void aSecondZipWithTheSameIdIsReportedAndTheFirstInNameOrderKeepsIt() throws Exception {
        trailPlugin("1.0.0", "a");
        java.nio.file.Files.copy(dir.resolve("plugins/trail.zip"), dir.resolve("plugins/trail2.zip"));
        try (SkiffServer server = start()) {
            assertTrue(server.pluginReport().contains("trail 1.0.0 STARTED"), server.pluginReport().toString());
            assertTrue(server.pluginReport().stream().anyMatch(l -> l.startsWith("trail2.zip")
                    && l.contains("plugin id trail is already loaded from trail.zip")), server.pluginReport().toString());
        }
    }

    @Test
    void aBrokerWithABrokenPluginStartsAndServes() throws Exception {
        trailPlugin("1.0.0", "a");
        PluginZips.plugin("broken", "1.0.0").descriptor("plugin.id", null).writeTo(dir.resolve("plugins"), "broken.zip");
        try (SkiffServer server = start()) {
            assertTrue(server.pluginReport().stream().anyMatch(l -> l.startsWith("broken.zip") && l.contains("FAILED")),
                    server.pluginReport().toString());
            assertTrue(server.pluginReport().contains("trail 1.0.0 STARTED"), server.pluginReport().toString());
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_BROKEN");
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message(TOPIC, "x".getBytes(StandardCharsets.UTF_8)))
                        .getSendStatus());
            } catch (MQClientException e) {
                throw new AssertionError(e);
            } finally {
                producer.shutdown();
            }
        }
    }
}
