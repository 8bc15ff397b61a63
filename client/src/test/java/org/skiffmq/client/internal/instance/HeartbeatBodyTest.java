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
}
