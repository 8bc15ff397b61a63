package org.skiffmq.client.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * Apache RocketMQ 5.2.0's name server and one broker, in this JVM, from the Maven Central
 * artifacts: every port is free and bound to 127.0.0.1 (except the HA port, which the store
 * binds on all interfaces whatever it is told), every file is in {@code dir}.
 */
final class ApacheRocketMq implements AutoCloseable {
    private final NamesrvController nameServer;
    private final BrokerController broker;
    private final String nameServerAddress;

    private ApacheRocketMq(NamesrvController nameServer, BrokerController broker, String nameServerAddress) {
        this.nameServer = nameServer;
        this.broker = broker;
        this.nameServerAddress = nameServerAddress;
    }

    static ApacheRocketMq start(Path dir) throws Exception {
        // RocketMQ's startup classes (NamesrvStartup, BrokerStartup) publish the release in this
        // property before anything else; without it every request says version 0, and the name
        // server then reads REGISTER_BROKER bodies the pre-3.0.11 way and records no topic at all.
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        NamesrvConfig namesrvConfig = new NamesrvConfig();
        namesrvConfig.setRocketmqHome(dir.toString());
        namesrvConfig.setKvConfigPath(dir.resolve("namesrv/kvConfig.json").toString());
        namesrvConfig.setConfigStorePath(dir.resolve("namesrv/namesrv.properties").toString());
        NettyServerConfig namesrvNetty = new NettyServerConfig();
        namesrvNetty.setBindAddress("127.0.0.1");
        namesrvNetty.setListenPort(0);
        NamesrvController nameServer = new NamesrvController(namesrvConfig, namesrvNetty, new NettyClientConfig());
        if (!nameServer.initialize()) {
            throw new IllegalStateException("Apache RocketMQ's name server did not initialize");
        }
        nameServer.start();
        String nameServerAddress = "127.0.0.1:" + nameServer.getRemotingServer().localListenPort();

        BrokerConfig brokerConfig = new BrokerConfig();
        brokerConfig.setBrokerName("rmq-broker-a");
        brokerConfig.setBrokerIP1("127.0.0.1");
        brokerConfig.setBrokerIP2("127.0.0.1");
        brokerConfig.setNamesrvAddr(nameServerAddress);
        brokerConfig.setRocketmqHome(dir.toString());
        brokerConfig.setAutoCreateTopicEnable(true);
        // Transaction check-back within a test's patience (RocketMQ's defaults: 6 s, every 30 s).
        // Not shorter: RocketMQ writes op records in batches every 3 s (transactionOpBatchInterval),
        // and a check before a commit's op record is written commits the message again.
        brokerConfig.setTransactionTimeOut(1000);
        brokerConfig.setTransactionCheckInterval(5000);
        NettyServerConfig brokerNetty = new NettyServerConfig();
        brokerNetty.setBindAddress("127.0.0.1");
        // 0 lets the OS pick the main port; the broker's "fast" port (main - 2) then picks too.
        brokerNetty.setListenPort(0);
        MessageStoreConfig store = new MessageStoreConfig();
        store.setStorePathRootDir(dir.resolve("store").toString());
        store.setStorePathCommitLog(dir.resolve("store/commitlog").toString());
        store.setMappedFileSizeCommitLog(64 * 1024 * 1024);
        store.setMappedFileSizeConsumeQueue(30_000 * 20);
        store.setHaListenPort(freePort());
        // The timer wheel pre-allocates large files and a thread set the test does not need.
        store.setTimerWheelEnable(false);
        BrokerController broker = new BrokerController(brokerConfig, brokerNetty, new NettyClientConfig(), store);
        if (!broker.initialize()) {
            nameServer.shutdown();
            throw new IllegalStateException("Apache RocketMQ's broker did not initialize (see its log above)");
        }
        broker.start();
        ApacheRocketMq started = new ApacheRocketMq(nameServer, broker, nameServerAddress);
        started.awaitRegistration();
        return started;
    }

    /** Waits until the name server routes the auto-create template topic, so a producer finds it at once. */
    private void awaitRegistration() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (nameServer.getRouteInfoManager().pickupTopicRouteData(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC) == null) {
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Apache RocketMQ's broker did not register with its name server in 30 s");
            }
            Thread.sleep(50);
        }
    }

    String nameServerAddress() {
        return nameServerAddress;
    }

    BrokerController broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.shutdown();
        nameServer.shutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
