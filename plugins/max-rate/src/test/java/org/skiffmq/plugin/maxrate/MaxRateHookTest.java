package org.skiffmq.plugin.maxrate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.remoting.ResponseCode;

class MaxRateHookTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final MaxRateHook hook = new MaxRateHook(nanos::get);

    private static SendContext send(String topic, String client) {
        return new SendContext(SendContext.Side.BROKER, "PG", new Message(topic, "x".getBytes()), "broker-a",
                "127.0.0.1:10911", client, 0);
    }

    @Test
    void burstPassesThenTheNextSendIsBusyWithARemarkNamingTheLimit() {
        hook.configure(new MaxRateSettings(10, 3, "topic"));
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> hook.before(send("Orders", "10.0.0.1:1")));
        }
        SendRejectedException e = assertThrows(SendRejectedException.class,
                () -> hook.before(send("Orders", "10.0.0.1:1")));
        assertEquals(ResponseCode.SYSTEM_BUSY, e.responseCode());
        assertTrue(e.getMessage().contains("Topic Orders is past the max-rate limit of 10 messages/s (burst 3) per topic"),
                e.getMessage());
    }

    @Test
    void tokensComeBackAtTheConfiguredRate() throws Exception {
        hook.configure(new MaxRateSettings(10, 1, "topic"));
        hook.before(send("Orders", "a:1"));
        nanos.addAndGet(99_000_000L);
        assertThrows(SendRejectedException.class, () -> hook.before(send("Orders", "a:1")));
        nanos.addAndGet(1_000_000L);
        assertDoesNotThrow(() -> hook.before(send("Orders", "a:1")));
    }

    @Test
    void eachTopicHasItsOwnLimit() throws Exception {
        hook.configure(new MaxRateSettings(1, 1, "topic"));
        hook.before(send("Orders", "a:1"));
        assertDoesNotThrow(() -> hook.before(send("Payments", "a:1")));
    }

    @Test
    void perClientLimitsEachProducerHostAcrossTopicsAndConnections() throws Exception {
        hook.configure(new MaxRateSettings(1, 1, "client"));
        hook.before(send("Orders", "10.0.0.1:5000"));
        SendRejectedException e = assertThrows(SendRejectedException.class,
                () -> hook.before(send("Payments", "10.0.0.1:5001")));
        assertTrue(e.getMessage().startsWith("Producer host 10.0.0.1 is past"), e.getMessage());
        assertDoesNotThrow(() -> hook.before(send("Orders", "10.0.0.2:5000")));
    }

    @Test
    void bucketsOfQuietKeysGoAwayAndLimitsStillHoldForBusyOnes() throws Exception {
        hook.configure(new MaxRateSettings(10, 2, "client"));
        for (int i = 0; i < 1000; i++) {
            hook.before(send("Orders", "10.0.1." + i + ":4000"));
        }
        hook.before(send("Orders", "10.0.0.9:1"));
        hook.before(send("Orders", "10.0.0.9:1"));
        assertEquals(1001, hook.bucketCount());

        // Two tokens take 200 ms to come back; a second later every quiet host is full again.
        nanos.addAndGet(1_000_000_000L);
        hook.before(send("Orders", "10.0.0.9:1"));
        assertEquals(1, hook.bucketCount(), "only the host that just sent has a bucket");
        hook.before(send("Orders", "10.0.0.9:1"));
        assertThrows(SendRejectedException.class, () -> hook.before(send("Orders", "10.0.0.9:1")),
                "the limit holds as before for a host that keeps sending");
    }

    @Test
    void burstDefaultsToPerSecondAndPerToTopic() {
        assertEquals(new MaxRateSettings(50, 50, "topic"), new MaxRateSettings(50, null, null));
    }

    @Test
    void settingsRefuseValuesOutsideWhatIsAllowedNamingTheKey() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new MaxRateSettings(0, null, null));
        assertTrue(zero.getMessage().startsWith("setting 'perSecond' must be a whole number of 1 or more"));
        IllegalArgumentException per = assertThrows(IllegalArgumentException.class,
                () -> new MaxRateSettings(5, null, "queue"));
        assertEquals("setting 'per' must be topic or client; was 'queue'", per.getMessage());
    }

    @Test
    void settingsTypeIsTheRecordTheBrokerBinds() {
        assertEquals(MaxRateSettings.class, hook.settingsType());
        assertEquals("max-rate", hook.name());
    }
}
