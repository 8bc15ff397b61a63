package org.skiffmq.client.internal.consume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.transport.netty.client.NettyRemotingClient;

/**
 * What the consume-side recovery tests drive the client's internals against: a real broker with
 * an embedded name server on free loopback ports, a producer, and a remoting client for the
 * consumer's own calls. Closes them in reverse order.
 */
final class ConsumeSideBroker implements AutoCloseable {
    final SkiffServer server;
    final Producer producer;
    final NettyRemotingClient remoting;

    private ConsumeSideBroker(SkiffServer server, Producer producer, NettyRemotingClient remoting) {
        this.server = server;
        this.producer = producer;
        this.remoting = remoting;
    }

    static ConsumeSideBroker start(Path dir, String producerGroup) throws Exception {
        String yaml = "brokerName: broker-a\nlisten: 127.0.0.1:0\nnameServer: embedded\nnameServerListen: 127.0.0.1:0\n"
                + "store:\n  dir: \"" + dir.resolve("store") + "\"\n  commitLogFileSize: 16m\n"
                + "plugins:\n  dir: \"" + dir.resolve("no-plugins") + "\"\n";
        Path file = dir.resolve("broker.yaml");
        Files.writeString(file, yaml);
        SkiffServer server = SkiffServer.start(ConfigLoader.load(file), dir);
        Producer producer = Producer.builder(producerGroup).nameServer(server.nameServerAddress()).build();
        producer.start();
        NettyRemotingClient remoting = new NettyRemotingClient(ClientConfig.defaults());
        remoting.start();
        return new ConsumeSideBroker(server, producer, remoting);
    }

    /** Sends {@code count} messages to {@code topic}, adding their ids to {@code ids}. */
    void send(String topic, Set<String> ids, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Message m = new Message(topic, "TagA", null, ("m" + ids.size()).getBytes(StandardCharsets.UTF_8));
            producer.send(m);
            ids.add(m.getUniqKey());
        }
    }

    @Override
    public void close() throws Exception {
        remoting.shutdown();
        producer.shutdown();
        server.close();
    }
}
