package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;

/**
 * Every admin request mqadmin and the Dashboard send, malformed: a missing field, an unknown
 * topic or group, an absurd range or value. Each is refused with a remark naming what was wrong,
 * and nothing the broker keeps (topics, groups, offsets, configuration) changes.
 */
class AdminBadInputTest {
    private static final String TOPIC = "BadInputTopic";

    @TempDir
    Path dir;

    /** A request, what its answer's remark must name, and whether a specific code is expected. */
    private record Case(String what, RemotingCommand request, String remarkNames, Integer code) {
    }

    private static RemotingCommand req(int code, Map<String, String> ext) {
        RemotingCommand r = RemotingCommand.request(code);
        ext.forEach(r::putExt);
        return r;
    }

    private static RemotingCommand withBody(RemotingCommand r, String body) {
        r.setBody(body.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void malformedAdminRequestsAreRefusedNamingWhyAndChangeNothing() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_BAD_ADMIN");
            try {
                producer.send(new Message(TOPIC, "x".getBytes(StandardCharsets.UTF_8)));
            } finally {
                producer.shutdown();
            }
            List<Case> cases = List.of(
                    new Case("topic stats, no topic", req(RequestCode.GET_TOPIC_STATS_INFO, Map.of()), "topic", null),
                    new Case("topic stats, unknown topic", req(RequestCode.GET_TOPIC_STATS_INFO,
                            Map.of("topic", "Nope")), "Nope", ResponseCode.TOPIC_NOT_EXIST),
                    new Case("topic config, unknown topic", req(RequestCode.GET_TOPIC_CONFIG, Map.of("topic", "Nope")),
                            "Nope", ResponseCode.TOPIC_NOT_EXIST),
                    new Case("create topic, no topic", req(RequestCode.UPDATE_AND_CREATE_TOPIC, Map.of()), "topic",
                            null),
                    new Case("create topic, bad name", req(RequestCode.UPDATE_AND_CREATE_TOPIC, Map.of("topic", "a b",
                            "readQueueNums", "4", "writeQueueNums", "4", "perm", "6")), "a b", null),
                    new Case("create topic, absurd queues", req(RequestCode.UPDATE_AND_CREATE_TOPIC, Map.of("topic",
                            "Huge", "readQueueNums", "-1", "writeQueueNums", "100000000", "perm", "6")), "Queue", null),
                    new Case("delete topic, no topic", req(RequestCode.DELETE_TOPIC_IN_BROKER, Map.of()), "topic",
                            null),
                    new Case("consume stats, no group", req(RequestCode.GET_CONSUME_STATS, Map.of()), "consumerGroup",
                            null),
                    new Case("consumers, unknown group", req(RequestCode.GET_CONSUMER_CONNECTION_LIST,
                            Map.of("consumerGroup", "CG_NOBODY")), "CG_NOBODY", ResponseCode.CONSUMER_NOT_ONLINE),
                    new Case("producers, no group", req(RequestCode.GET_PRODUCER_CONNECTION_LIST, Map.of()),
                            "producerGroup", null),
                    new Case("view message, no offset", req(RequestCode.VIEW_MESSAGE_BY_ID, Map.of()), "offset", null),
                    new Case("view message, absurd offset", req(RequestCode.VIEW_MESSAGE_BY_ID,
                            Map.of("offset", "-5")), "-5", null),
                    new Case("query message, inverted range", req(RequestCode.QUERY_MESSAGE, Map.of("topic", TOPIC,
                            "key", "k", "maxNum", "32", "beginTimestamp", "100", "endTimestamp", "1")), "range",
                            null),
                    new Case("query message, unknown topic", req(RequestCode.QUERY_MESSAGE, Map.of("topic", "Nope",
                            "key", "k", "maxNum", "32", "beginTimestamp", "0", "endTimestamp", "1")), "Nope",
                            ResponseCode.TOPIC_NOT_EXIST),
                    new Case("reset offset, no timestamp", req(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                            Map.of("topic", TOPIC, "group", "CG_X")), "timestamp", null),
                    new Case("reset offset, unknown topic", req(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                            Map.of("topic", "Nope", "group", "CG_X", "timestamp", "0", "isForce", "true")), "Nope",
                            null),
                    new Case("create group, no body", req(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, Map.of()),
                            "body", null),
                    new Case("create group, broken body", withBody(req(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                            Map.of()), "{\"groupName\":"), "body", null),
                    new Case("delete group, no name", req(RequestCode.DELETE_SUBSCRIPTIONGROUP, Map.of()), "groupName",
                            null),
                    new Case("consumed by, no topic", req(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, Map.of()), "topic",
                            null),
                    new Case("time span, no group", req(RequestCode.QUERY_CONSUME_TIME_SPAN, Map.of("topic", TOPIC)),
                            "group", null),
                    new Case("time span, unknown topic", req(RequestCode.QUERY_CONSUME_TIME_SPAN, Map.of("topic",
                            "Nope", "group", "CG_X")), "Nope", ResponseCode.TOPIC_NOT_EXIST),
                    new Case("running info, unknown client", req(RequestCode.GET_CONSUMER_RUNNING_INFO, Map.of(
                            "consumerGroup", "CG_X", "clientId", "nobody@1")), "nobody@1", null),
                    new Case("stats, unknown name", req(RequestCode.VIEW_BROKER_STATS_DATA, Map.of("statsName",
                            "SNDBCK_PUT_NUMS", "statsKey", TOPIC)), "SNDBCK_PUT_NUMS", null),
                    new Case("stats, unknown key", req(RequestCode.VIEW_BROKER_STATS_DATA, Map.of("statsName",
                            "TOPIC_PUT_NUMS", "statsKey", "Nope")), "Nope", null),
                    new Case("update config, no body", req(RequestCode.UPDATE_BROKER_CONFIG, Map.of()), "body", null),
                    new Case("update config, bad value", withBody(req(RequestCode.UPDATE_BROKER_CONFIG, Map.of()),
                            "defaultTopicQueueNums=0\n"), "defaultTopicQueueNums", null));

            String topicsBefore = server.broker().topics().snapshot().topicConfigTable().toString();
            RemotingCommand configBefore;
            List<String> problems = new ArrayList<>();
            try (RemotingTestClient raw = new RemotingTestClient(server.brokerAddress())) {
                configBefore = raw.call(RemotingCommand.request(RequestCode.GET_BROKER_CONFIG));
                for (Case c : cases) {
                    RemotingCommand answer = raw.call(c.request());
                    String remark = String.valueOf(answer.getRemark());
                    if (answer.getCode() == ResponseCode.SUCCESS || !remark.contains(c.remarkNames())
                            || (c.code() != null && c.code() != answer.getCode())) {
                        problems.add(c.what() + ": code " + answer.getCode() + ", remark '" + remark + "'");
                    }
                }
                RemotingCommand configAfter = raw.call(RemotingCommand.request(RequestCode.GET_BROKER_CONFIG));
                assertEquals(new String(configBefore.getBody(), StandardCharsets.UTF_8),
                        new String(configAfter.getBody(), StandardCharsets.UTF_8), "the configuration is unchanged");
                RemotingCommand groups = raw.call(RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
                assertEquals(ResponseCode.SUCCESS, groups.getCode());
                assertTrue(!new String(groups.getBody(), StandardCharsets.UTF_8).contains("CG_X"), "no group was made");
            }
            assertTrue(problems.isEmpty(), "not refused clearly:\n" + String.join("\n", problems));
            assertEquals(topicsBefore, server.broker().topics().snapshot().topicConfigTable().toString(),
                    "the topic table is unchanged");
        }
    }
}
