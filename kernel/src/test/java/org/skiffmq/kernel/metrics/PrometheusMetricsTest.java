package org.skiffmq.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RequestCode;

/** What the registry exports, line by line, and the hook figures `skiff plugins list` shows. */
class PrometheusMetricsTest {
    private static final long MICROS = TimeUnit.MICROSECONDS.toNanos(1);

    @Test
    void sendsAreCountedUnderRocketMqsNamesAndLabels() {
        PrometheusMetrics metrics = new PrometheusMetrics("C1", "broker-x");
        metrics.messagesIn("Orders", MessageType.NORMAL, 3, 3000);
        metrics.messagesIn("%RETRY%G", MessageType.DELAY, 1, 10);
        String text = metrics.scrape();

        assertTrue(text.contains("rocketmq_messages_in_total{cluster=\"C1\",is_system=\"false\",message_type=\"normal\","
                + "node_id=\"broker-x\",node_type=\"broker\",topic=\"Orders\"} 3"), text);
        assertTrue(text.contains("rocketmq_throughput_in_total{cluster=\"C1\",is_system=\"false\",message_type=\"normal\","
                + "node_id=\"broker-x\",node_type=\"broker\",topic=\"Orders\"} 3000"), text);
        assertTrue(text.contains("rocketmq_message_size_bucket{cluster=\"C1\",is_system=\"false\",message_type=\"normal\","
                + "node_id=\"broker-x\",node_type=\"broker\",topic=\"Orders\",le=\"1024.0\"} 1"), text);
        assertTrue(text.contains("message_type=\"delay\""), text);
    }

    @Test
    void answersAreTimedByRequestAndResponseCodeName() {
        PrometheusMetrics metrics = new PrometheusMetrics("C1", "broker-x");
        metrics.answered(RequestCode.SEND_MESSAGE_V2, 0, false, 2_000 * MICROS);
        metrics.answered(RequestCode.PULL_MESSAGE, 19, true, 15_000_000 * MICROS);
        metrics.answered(4242, 3, false, 1);
        String text = metrics.scrape();

        assertTrue(text.contains("rocketmq_rpc_latency_milliseconds_bucket{cluster=\"C1\",is_long_polling=\"false\","
                + "node_id=\"broker-x\",node_type=\"broker\",protocol_type=\"remoting\",request_code=\"send_message_v2\","
                + "response_code=\"success\",result=\"success\",le=\"3.0\"} 1"), text);
        assertTrue(text.contains("request_code=\"pull_message\",response_code=\"pull_not_found\""), text);
        assertTrue(text.contains("is_long_polling=\"true\""), text);
        assertTrue(text.contains("request_code=\"4242\",response_code=\"request_code_not_supported\""), text);
    }

    @Test
    void hookFiguresCountCallsAndFailuresAndBoundTheP99() {
        PrometheusMetrics metrics = new PrometheusMetrics("C1", "broker-x");
        for (int i = 0; i < 50; i++) {
            metrics.hookCalled("audit", BrokerMetrics.HookStage.BEFORE, 20 * MICROS, false);
            metrics.hookCalled("audit", BrokerMetrics.HookStage.AFTER, 300 * MICROS, i == 0);
        }
        BrokerMetrics.HookFigures audit = metrics.hookFigures().get("audit");
        assertEquals(100, audit.calls());
        assertEquals(1, audit.failures());
        assertEquals(0.5, audit.p99Millis(), "half the calls took 0.3 ms: the p99 is in the bucket up to 0.5 ms");
        assertTrue(metrics.scrape().contains("skiff_send_hook_failures_total{cluster=\"C1\",hook=\"audit\","
                + "node_id=\"broker-x\",node_type=\"broker\",stage=\"after\"} 1"));
    }
}
