package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The plugin kit end to end, as a plugin author uses it: {@code bin/skiff new-plugin}, then
 * {@code mvn package} on the generated project (its broker test runs), then the zip it built in
 * a running distribution, acting on the official producer's sends.
 */
class PluginKitIT {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    private static final Path HOME = Path.of(System.getProperty("skiff.distribution", "target/skiffmq"));

    @TempDir
    Path work;

    @Test
    void generatedPluginBuildsPassesItsTestAndItsZipActsInARunningBroker() throws Exception {
        Path project = newPlugin("tag-guard", "--group", "com.acme", "--package", "com.acme.guard");

        NestedMaven.Result build = NestedMaven.fromSystemProperties().run(project, work.resolve("build.log"), "package");
        assertEquals(0, build.exitCode(), "the generated project's build failed:\n" + build.tail());
        Element suite = testSuite(project.resolve("target/surefire-reports/TEST-com.acme.guard.TagGuardHookTest.xml"));
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("0", suite.getAttribute("skipped"));
        Path zip = project.resolve("target/tag-guard.zip");
        assertTrue(Files.isRegularFile(zip), "no zip: " + zip);

        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(zip, plugins.resolve("tag-guard.zip"));
        int nameServerPort = Ports.free();
        Process broker = standalone(plugins, Ports.free(), nameServerPort);
        try {
            List<String> banner = new ProcessLines(broker).until("Ready.");
            assertTrue(banner.stream().anyMatch(l -> l.contains("send hooks") && l.contains("tag-guard")),
                    banner.toString());
            sendThroughTheHook("127.0.0.1:" + nameServerPort);
        } finally {
            broker.toHandle().destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    /** Runs {@code skiff new-plugin <id> <options> --out work} and returns the project folder. */
    private Path newPlugin(String id, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(HOME.resolve("bin/skiff").toString(), "new-plugin", id));
        command.addAll(List.of(options));
        command.addAll(List.of("--out", work.toString()));
        Path output = work.resolve("new-plugin.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("SKIFF_JAVA_OPTS", "-Xmx64m");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "skiff new-plugin did not finish");
        String printed = Files.readString(output);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("mvn package") && printed.contains("target/" + id + ".zip"), printed);
        return work.resolve(id);
    }

    private static Element testSuite(Path report) throws Exception {
        assertTrue(Files.isRegularFile(report), "the generated project's test did not run: no " + report);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
    }

    private Process standalone(Path plugins, int brokerPort, int nameServerPort) throws Exception {
        Path config = Standalone.config(work, brokerPort, nameServerPort, "plugins: { dir: " + plugins + " }",
                "send: { hooks: [tag-guard] }");
        return Standalone.start(HOME, config, work);
    }

    private static void sendThroughTheHook(String nameServer) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("PG_PLUGIN_KIT");
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("plugin-kit-it");
        producer.start();
        try {
            MQBrokerException refused = assertThrows(MQBrokerException.class,
                    () -> producer.send(new Message("KitTopic", "untagged".getBytes())));
            assertEquals(13, refused.getResponseCode(), "MESSAGE_ILLEGAL");
            assertTrue(refused.getErrorMessage().contains("KitTopic has no tag")
                    && refused.getErrorMessage().contains("tag-guard"), refused.getErrorMessage());
            Message tagged = new Message("KitTopic", "TagA", "tagged".getBytes());
            assertEquals(SendStatus.SEND_OK, producer.send(tagged).getSendStatus());
        } finally {
            producer.shutdown();
        }
    }
}
