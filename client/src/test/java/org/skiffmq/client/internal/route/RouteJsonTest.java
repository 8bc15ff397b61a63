package org.skiffmq.client.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.client.Vectors;

class RouteJsonTest {

    @Test
    void standardRouteIsRead() {
        TopicRoute route = RouteJson.parse(Vectors.raw("route-body-standard.json"));
        assertEquals(List.of(new TopicRoute.QueueData("broker-a", 4, 4, 6, 0)), route.queueDatas());
        assertEquals(List.of(new TopicRoute.BrokerData("DefaultCluster", "broker-a",
                Map.of(0L, "127.0.0.1:10911", 1L, "127.0.0.1:10921"))), route.brokerDatas());
        assertNull(route.orderTopicConf());
    }

    @Test
    void legacyRouteWithUnquotedNumericKeysReadsTheSame() {
        assertEquals(RouteJson.parse(Vectors.raw("route-body-standard.json")),
                RouteJson.parse(Vectors.raw("route-body-legacy.json")));
    }

    @Test
    void preFourNineFieldNameForTheTopicSysFlagIsRead() {
        TopicRoute route = parse("{'brokerDatas':[],'queueDatas':[{'brokerName':'b','perm':6,'readQueueNums':1,"
                + "'writeQueueNums':1,'topicSynFlag':1}]}");
        assertEquals(1, route.queueDatas().get(0).topicSysFlag());
    }

    @Test
    void routeWithoutQueueDatasIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"brokerDatas\":[]}"));
        assertTrue(e.getMessage().contains("queueDatas"), e.getMessage());
    }

    @Test
    void bodyThatIsNotJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("not json"));
    }

    private static TopicRoute parse(String json) {
        return RouteJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
