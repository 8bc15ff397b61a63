package org.skiffmq.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.skiffmq.kernel.json.Json;

class RouteJsonTest {

    @Test
    void routeIsWrittenExactlyAsTheStandardJsonVector() throws Exception {
        Path dir = Path.of(System.getProperty("skiff.vectors", "../api/src/test/resources/vectors"));
        String expected = Files.readString(dir.resolve("route-body-standard.json")).trim();
        Map<Long, String> addrs = new TreeMap<>(Map.of(0L, "127.0.0.1:10911", 1L, "127.0.0.1:10921"));
        TopicRouteData route = new TopicRouteData(
                List.of(new QueueData("broker-a", 4, 4, 6, 0)),
                List.of(new BrokerData("DefaultCluster", "broker-a", addrs, false)),
                Map.of());
        assertEquals(expected, new String(Json.toBytes(route), StandardCharsets.UTF_8));
    }

    @Test
    void topicConfigHasRocketMqFieldNames() {
        assertEquals("{\"attributes\":{},\"order\":false,\"perm\":6,\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\","
                + "\"topicName\":\"TopicDemo\",\"topicSysFlag\":0,\"writeQueueNums\":4}",
                Json.toString(TopicConfig.of("TopicDemo", 4, 6)));
    }
}
