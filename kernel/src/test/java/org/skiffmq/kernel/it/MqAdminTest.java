package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;

/** mqadmin's own API (DefaultMQAdminExt from rocketmq-tools 5.2.0), unchanged, against a real SkiffMQ. */
class MqAdminTest {
    private static final String TOPIC = "AdminTopic";

    @TempDir
    Path dir;

    @Test
    void topicStatusConnectionsProgressAndMessagesAsMqadminSeesThem() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String nameServer = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(nameServer, "PG_ADMIN");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            DefaultMQAdminExt admin = admin(nameServer, "skiff-mqadmin-test");
            try {
                List<SendResult> sent = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    sent.add(producer.send(new Message(TOPIC, "TagA", "key-" + i, ("admin " + i).getBytes(
                            StandardCharsets.UTF_8))));
                }
                consumer = OfficialClient.recordingConsumer(nameServer, "CG_ADMIN", TOPIC, "*",
                        MessageModel.CLUSTERING, received);

                // topicStatus: every queue's bounds, and when its last message was stored.
                TopicStatsTable stats = admin.examineTopicStats(TOPIC);
                assertEquals(30, stats.getOffsetTable().values().stream().mapToLong(o -> o.getMaxOffset()).sum());
                stats.getOffsetTable().forEach((queue, offset) -> {
                    assertEquals("broker-a", queue.getBrokerName());
                    assertEquals(offset.getMaxOffset() > 0, offset.getLastUpdateTimestamp() > 0, queue.toString());
                });

                // producerConnection / consumerConnection.
                ProducerConnection producers = admin.examineProducerConnectionInfo("PG_ADMIN", TOPIC);
                assertEquals(1, producers.getConnectionSet().size());
                assertEquals(producer.buildMQClientId(), producers.getConnectionSet().iterator().next().getClientId());
                assertTrue(Received.await(15, () -> received.distinct() >= 30), "the consumer got all 30");
                ConsumerConnection consumers = admin.examineConsumerConnectionInfo("CG_ADMIN");
                assertEquals(1, consumers.getConnectionSet().size());
                assertEquals(MessageModel.CLUSTERING, consumers.getMessageModel());
                assertTrue(consumers.getSubscriptionTable().containsKey(TOPIC), consumers.getSubscriptionTable().toString());

                // consumerProgress: the group's offsets reach the broker's, so the lag is 0.
                assertTrue(Received.await(20, () -> lag(admin) == 0), "lag " + lag(admin));
                ConsumeStats progress = admin.examineConsumeStats("CG_ADMIN");
                assertEquals(30, progress.getOffsetTable().entrySet().stream()
                        .filter(e -> e.getKey().getTopic().equals(TOPIC))
                        .mapToLong(e -> e.getValue().getConsumerOffset()).sum());

                // The Dashboard's charts: a topic's puts and a group's gets, per minute, hour and day.
                org.apache.rocketmq.remoting.protocol.body.BrokerStatsData puts = admin.viewBrokerStatsData(
                        server.brokerAddress(), "TOPIC_PUT_NUMS", TOPIC);
                assertTrue(puts.getStatsMinute() != null && puts.getStatsDay() != null);
                admin.viewBrokerStatsData(server.brokerAddress(), "GROUP_GET_NUMS", TOPIC + "@CG_ADMIN");
                assertThrows(Exception.class,
                        () -> admin.viewBrokerStatsData(server.brokerAddress(), "TOPIC_PUT_NUMS", "NoSuchTopic"));
                // topicList -c / the Dashboard's topic page: who consumes the topic.
                assertTrue(admin.queryTopicConsumeByWho(TOPIC).getGroupList().contains("CG_ADMIN"));
                // consumerProgress's time span: first, last and last consumed store times per queue.
                List<org.apache.rocketmq.remoting.protocol.body.QueueTimeSpan> spans =
                        admin.queryConsumeTimeSpan(TOPIC, "CG_ADMIN");
                assertFalse(spans.isEmpty());
                for (org.apache.rocketmq.remoting.protocol.body.QueueTimeSpan span : spans) {
                    assertTrue(span.getMaxTimeStamp() >= span.getMinTimeStamp(), span.toString());
                    assertEquals(span.getMaxTimeStamp(), span.getConsumeTimeStamp(), "consumed to the end: " + span);
                    assertEquals(0, span.getDelayTime(), span.toString());
                }
                // consumerProgress -s / the Dashboard's consumer page: the broker asks the consumer itself.
                String clientId = consumers.getConnectionSet().iterator().next().getClientId();
                org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo running =
                        admin.getConsumerRunningInfo("CG_ADMIN", clientId, false);
                assertTrue(running.getSubscriptionSet().stream().anyMatch(s -> s.getTopic().equals(TOPIC)),
                        running.getSubscriptionSet().toString());
                assertThrows(Exception.class, () -> admin.getConsumerRunningInfo("CG_ADMIN", "nobody@1", false));

                // queryMsgById by the offset id a send returned.
                SendResult seventh = sent.get(7);
                MessageExt viewed = admin.viewMessage(TOPIC, seventh.getOffsetMsgId());
                assertEquals("key-7", viewed.getKeys());
                assertEquals("admin 7", new String(viewed.getBody(), StandardCharsets.UTF_8));
                assertEquals(seventh.getQueueOffset(), viewed.getQueueOffset());

                // Names the broker does not know are refused with RocketMQ's codes, naming them.
                try (RemotingTestClient raw = new RemotingTestClient(server.brokerAddress())) {
                    RemotingCommand notOnline = raw.call(RemotingCommand.request(
                            RequestCode.GET_CONSUMER_CONNECTION_LIST).putExt("consumerGroup", "CG_NOBODY"));
                    assertEquals(ResponseCode.CONSUMER_NOT_ONLINE, notOnline.getCode());
                    assertTrue(notOnline.getRemark().contains("CG_NOBODY"), notOnline.getRemark());
                    RemotingCommand noTopic = raw.call(RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO)
                            .putExt("topic", "NoSuchTopic"));
                    assertEquals(ResponseCode.TOPIC_NOT_EXIST, noTopic.getCode());
                    RemotingCommand noGroup = raw.call(RemotingCommand.request(RequestCode.GET_CONSUME_STATS));
                    assertTrue(noGroup.getCode() != ResponseCode.SUCCESS
                            && noGroup.getRemark().contains("consumerGroup"), noGroup.getRemark());
                    RemotingCommand noMessage = raw.call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                            .putExt("topic", TOPIC).putExt("offset", 1L << 40));
                    assertEquals(ResponseCode.SYSTEM_ERROR, noMessage.getCode());
                }
                // mqadmin itself stops earlier for a group nobody runs: it finds no route to it.
                assertThrows(MQClientException.class, () -> admin.examineConsumerConnectionInfo("CG_NOBODY"));

                // updateTopic, topicRoute, topicList.
                org.apache.rocketmq.common.TopicConfig created = new org.apache.rocketmq.common.TopicConfig(
                        "AdminMade", 3, 3, 6);
                admin.createAndUpdateTopicConfig(server.brokerAddress(), created);
                assertTrue(Received.await(10, () -> routeQueues(admin, "AdminMade") == 3), "the route shows 3 queues");
                assertTrue(admin.fetchAllTopicList().getTopicList().containsAll(List.of(TOPIC, "AdminMade")));

                // deleteTopic: from the broker and the name server.
                consumer.shutdown();
                consumer = null;
                admin.deleteTopicInBroker(Set.of(server.brokerAddress()), TOPIC);
                admin.deleteTopicInNameServer(Set.of(nameServer), TOPIC);
                assertFalse(server.broker().topics().snapshot().topicConfigTable().containsKey(TOPIC));
                assertFalse(admin.fetchAllTopicList().getTopicList().contains(TOPIC));
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                admin.shutdown();
                producer.shutdown();
            }
        }
    }

    /** resetOffsetByTime: the running consumer is told and gets everything sent since that time again. */
    @Test
    void resetOffsetByTimeMakesTheRunningConsumerReadAgainFromThere() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String nameServer = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(nameServer, "PG_RESET");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            DefaultMQAdminExt admin = admin(nameServer, "skiff-mqadmin-reset");
            try {
                for (int i = 0; i < 10; i++) {
                    producer.send(new Message("ResetTopic", ("early " + i).getBytes(StandardCharsets.UTF_8)));
                }
                Thread.sleep(50);
                long middle = System.currentTimeMillis();
                Thread.sleep(50);
                for (int i = 0; i < 10; i++) {
                    producer.send(new Message("ResetTopic", ("late " + i).getBytes(StandardCharsets.UTF_8)));
                }
                consumer = OfficialClient.recordingConsumer(nameServer, "CG_RESET", "ResetTopic", "*",
                        MessageModel.CLUSTERING, received);
                assertTrue(Received.await(15, () -> received.distinct() == 20));
                Thread.sleep(1000);
                var offsets = admin.resetOffsetByTimestamp("ResetTopic", "CG_RESET", middle, true);
                assertEquals(10, offsets.values().stream().mapToLong(Long::longValue).sum(),
                        "the offsets of the first late message in each queue add up to the early ten");
                assertTrue(Received.await(15, () -> received.duplicates() >= 10), "the late ten again: "
                        + received.duplicates());
                Thread.sleep(1000);
                assertEquals(10, received.duplicates(), "only the late ten came again");
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                admin.shutdown();
                producer.shutdown();
            }
        }
    }

    /**
     * updateSubGroup / deleteSubGroup: a group barred from consuming gets nothing until it is let
     * in again; a setting SkiffMQ does not act on is refused by name; consumers' groups appear; the
     * command line's own defaults (consumeFromMinEnable and consumeBroadcastEnable false) are taken.
     */
    @Test
    void subscriptionGroupsAreCreatedShownObeyedAndDeleted() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String nameServer = server.nameServerAddress();
            String broker = server.brokerAddress();
            DefaultMQProducer producer = OfficialClient.producer(nameServer, "PG_GROUPS");
            DefaultMQAdminExt admin = admin(nameServer, "skiff-mqadmin-groups");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            try {
                org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig off =
                        new org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig();
                off.setGroupName("CG_BARRED");
                off.setConsumeEnable(false);
                admin.createAndUpdateSubscriptionGroupConfig(broker, off);
                assertFalse(admin.examineSubscriptionGroupConfig(broker, "CG_BARRED").isConsumeEnable());

                for (int i = 0; i < 5; i++) {
                    producer.send(new Message("GroupTopic", ("g" + i).getBytes(StandardCharsets.UTF_8)));
                }
                consumer = OfficialClient.recordingConsumer(nameServer, "CG_BARRED", "GroupTopic", "*",
                        MessageModel.CLUSTERING, received);
                Thread.sleep(3000);
                assertEquals(0, received.distinct(), "a group that may not consume gets nothing");

                off.setConsumeEnable(true);
                admin.createAndUpdateSubscriptionGroupConfig(broker, off);
                assertTrue(Received.await(20, () -> received.distinct() == 5), "let in again: " + received.distinct());

                org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig orderly =
                        new org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig();
                orderly.setGroupName("CG_FROM_SLAVE");
                orderly.setWhichBrokerWhenConsumeSlowly(2);
                MQClientException refused = assertThrows(MQClientException.class,
                        () -> admin.createAndUpdateSubscriptionGroupConfig(broker, orderly));
                assertEquals(ResponseCode.NO_PERMISSION, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("whichBrokerWhenConsumeSlowly=2"), refused.getErrorMessage());

                OfficialClient.recordingConsumer(nameServer, "CG_AUTO", "GroupTopic", "*", MessageModel.CLUSTERING,
                        new Received()).shutdown();
                assertTrue(admin.examineSubscriptionGroupConfig(broker, "CG_AUTO").isConsumeEnable(),
                        "a consumer's group is created with RocketMQ's defaults");
                String updated = mqadmin("updateSubGroup", "-n", nameServer, "-b", broker, "-g", "CG_CLI", "-s", "false");
                assertTrue(updated.contains("create subscription group to " + broker + " success"), updated);
                assertFalse(admin.examineSubscriptionGroupConfig(broker, "CG_CLI").isConsumeEnable());
                admin.deleteSubscriptionGroup(broker, "CG_AUTO");
                assertEquals(null, admin.examineSubscriptionGroupConfig(broker, "CG_AUTO"));
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                admin.shutdown();
                producer.shutdown();
            }
        }
    }

    /** mqadmin's own command line (MQAdminStartup.main0), in this JVM, its output captured. */
    @Test
    void clusterListAndBrokerStatusPrintTheBrokerAndItsFigures() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_STATUS");
            try {
                for (int i = 0; i < 25; i++) {
                    producer.send(new Message("StatusTopic", ("status " + i).getBytes(StandardCharsets.UTF_8)));
                }
            } finally {
                producer.shutdown();
            }
            Thread.sleep(2500); // two rate samples after the sends

            String clusters = mqadmin("clusterList", "-n", server.nameServerAddress());
            String row = clusters.lines().filter(l -> l.contains(server.brokerAddress())).findFirst().orElse("");
            assertTrue(row.contains("DefaultCluster") && row.contains("broker-a") && row.contains("V5_2_0"), clusters);

            String status = mqadmin("brokerStatus", "-n", server.nameServerAddress(), "-b", server.brokerAddress());
            assertTrue(status.lines().anyMatch(l -> l.matches("msgPutTotalTodayNow\\s*:\\s*25")), status);
            assertTrue(status.lines().anyMatch(l -> l.startsWith("putTps") && l.matches(".*: \\d+\\.\\d{2} .*")), status);
            assertTrue(status.contains("bootTimestamp"), status);

            // sendMessage, then queryMsgByKey and queryMsgById on what it printed, all as commands.
            String sent = mqadmin("sendMessage", "-n", server.nameServerAddress(), "-t", "StatusTopic", "-p",
                    "from the command line", "-k", "cli-key");
            assertTrue(sent.contains("SEND_OK"), sent);
            java.util.regex.Pattern messageId = java.util.regex.Pattern.compile("[0-9A-F]{32}");
            String byKey = "";
            for (int i = 0; i < 50 && !messageId.matcher(byKey).find(); i++) {
                Thread.sleep(100); // the index follows the commit log by a moment
                byKey = mqadmin("queryMsgByKey", "-n", server.nameServerAddress(), "-t", "StatusTopic", "-k", "cli-key");
            }
            java.util.regex.Matcher id = messageId.matcher(byKey);
            assertTrue(id.find(), "queryMsgByKey printed no message id:\n" + byKey);
            assertTrue(sent.contains(id.group()), "the id queryMsgByKey found is the one sendMessage printed:\n" + sent
                    + "\n" + byKey);

            // getBrokerConfig / updateBrokerConfig: shown under broker.yaml's and RocketMQ's names; the
            // runtime keys change (all or nothing), the others are refused by name.
            DefaultMQAdminExt admin = admin(server.nameServerAddress(), "skiff-mqadmin-config");
            try {
                java.util.Properties config = admin.getBrokerConfig(server.brokerAddress());
                assertEquals("broker-a", config.getProperty("brokerName"));
                assertEquals("ASYNC_FLUSH", config.getProperty("flushDiskType"));
                assertEquals("async", config.getProperty("store.flush"));
                assertEquals("ASYNC_MASTER", config.getProperty("brokerRole"));

                java.util.Properties mixed = new java.util.Properties();
                mixed.setProperty("autoCreateTopicEnable", "false");
                mixed.setProperty("flushDiskType", "SYNC_FLUSH");
                org.apache.rocketmq.client.exception.MQBrokerException refused = assertThrows(
                        org.apache.rocketmq.client.exception.MQBrokerException.class,
                        () -> admin.updateBrokerConfig(server.brokerAddress(), mixed));
                assertEquals(ResponseCode.NO_PERMISSION, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("flushDiskType")
                        && refused.getErrorMessage().contains("autoCreateTopicEnable (autoCreateTopic)"),
                        refused.getErrorMessage());
                assertEquals("true", admin.getBrokerConfig(server.brokerAddress()).getProperty("autoCreateTopicEnable"),
                        "nothing changed");

                java.util.Properties badValue = new java.util.Properties();
                badValue.setProperty("transactionCheckMax", "many");
                assertThrows(org.apache.rocketmq.client.exception.MQBrokerException.class,
                        () -> admin.updateBrokerConfig(server.brokerAddress(), badValue));

                java.util.Properties off = new java.util.Properties();
                off.setProperty("autoCreateTopicEnable", "false");
                off.setProperty("transactionCheckMax", "3");
                admin.updateBrokerConfig(server.brokerAddress(), off);
                java.util.Properties now = admin.getBrokerConfig(server.brokerAddress());
                assertEquals("false", now.getProperty("autoCreateTopicEnable"));
                assertEquals("3", now.getProperty("transactionCheckMax"));
                // And it acts: a send to an unknown topic is no longer taken.
                DefaultMQProducer noAuto = OfficialClient.producer(server.nameServerAddress(), "PG_NO_AUTO");
                try {
                    noAuto.setRetryTimesWhenSendFailed(0);
                    assertThrows(MQClientException.class, () -> noAuto.send(new Message("NeverCreated", "x".getBytes(
                            StandardCharsets.UTF_8))));
                } finally {
                    noAuto.shutdown();
                }
            } finally {
                admin.shutdown();
            }
        }
    }

    private static String mqadmin(String... args) {
        java.io.PrintStream before = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            org.apache.rocketmq.tools.command.MQAdminStartup.main0(args, null);
        } finally {
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** mqadmin's API, started against {@code nameServer}. */
    static DefaultMQAdminExt admin(String nameServer, String instance) throws MQClientException {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(nameServer);
        admin.setInstanceName(instance);
        admin.start();
        return admin;
    }

    private static int routeQueues(DefaultMQAdminExt admin, String topic) {
        try {
            return admin.examineTopicRouteInfo(topic).getQueueDatas().get(0).getWriteQueueNums();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long lag(DefaultMQAdminExt admin) {
        try {
            return admin.examineConsumeStats("CG_ADMIN").computeTotalDiff();
        } catch (Exception e) {
            return -1;
        }
    }
}
