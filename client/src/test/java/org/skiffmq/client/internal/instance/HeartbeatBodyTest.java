package org.skiffmq.client.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatBodyTest {

    @Test
    void bodyListsTheInnerGroupFirstWithKeysInRocketMqOrder() {
        assertEquals("{\"clientID\":\"10.0.0.5@inst\",\"consumerDataSet\":[],\"heartbeatFingerprint\":0,"
                + "\"producerDataSet\":[{\"groupName\":\"CLIENT_INNER_PRODUCER\"},{\"groupName\":\"PG_DEMO\"}],"
                + "\"withoutSub\":false}",
                new String(HeartbeatBody.encode("10.0.0.5@inst", List.of("PG_DEMO")), StandardCharsets.UTF_8));
    }

    @Test
    void consumerGroupsCarryTheirSubscriptionsWithKeysInRocketMqOrder() {
        ConsumerRegistration consumer = new ConsumerRegistration() {
            @Override
            public String group() {
                return "CG_DEMO";
            }

            @Override
            public String consumeType() {
                return "CONSUME_PASSIVELY";
            }

            @Override
            public String messageModel() {
                return "CLUSTERING";
            }

            @Override
            public String consumeFromWhere() {
                return "CONSUME_FROM_FIRST_OFFSET";
            }

            @Override
            public List<Subscription> subscriptions() {
                return List.of(Subscription.of("%RETRY%CG_DEMO", "*", 7), Subscription.of("TopicDemo", "TagA", 9));
            }

            @Override
            public void rebalanceNow() {
            }
        };
        assertEquals("{\"clientID\":\"c\",\"consumerDataSet\":[{\"consumeFromWhere\":\"CONSUME_FROM_FIRST_OFFSET\","
                + "\"consumeType\":\"CONSUME_PASSIVELY\",\"groupName\":\"CG_DEMO\",\"messageModel\":\"CLUSTERING\","
                + "\"subscriptionDataSet\":["
                + "{\"classFilterMode\":false,\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\","
                + "\"subVersion\":7,\"tagsSet\":[],\"topic\":\"%RETRY%CG_DEMO\"},"
                + "{\"classFilterMode\":false,\"codeSet\":[2598919],\"expressionType\":\"TAG\",\"subString\":\"TagA\","
                + "\"subVersion\":9,\"tagsSet\":[\"TagA\"],\"topic\":\"TopicDemo\"}],"
                + "\"unitMode\":false}],\"heartbeatFingerprint\":0,"
                + "\"producerDataSet\":[{\"groupName\":\"CLIENT_INNER_PRODUCER\"}],\"withoutSub\":false}",
                new String(HeartbeatBody.encode("c", List.of(), List.of(consumer)), StandardCharsets.UTF_8));
    }
}
