package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.SendSection;
import org.skiffmq.transport.netty.NettyTransportProvider;

/**
 * Under sync flush the store completes a send on its group-commit thread. The hooks' after and
 * the answer run elsewhere: a hook blocked in after holds up its own send only, never the fsync
 * every other producer waits for, and an after or answer that fails still answers the producer.
 */
class SyncFlushAnswerTest {
    private static final String PROPS = "UNIQ_KEY\u0001AB00000000000000000000000000000001\u0002";

    @TempDir
    Path dir;
    private SkiffServer server;
    private RemotingClient slowProducer;
    private RemotingTestClient producer;

    @BeforeEach
    void start() throws Exception {
        // Two answer threads (send.threads): one may be held by the blocking hook.
        server = SkiffServer.start(TestBroker.config(dir, "sync").send(new SendSection(List.of(), 2, null)), dir);
        slowProducer = new NettyTransportProvider().createClient(ClientConfig.defaults());
        slowProducer.start();
        producer = new RemotingTestClient(server.brokerAddress());
    }

    @AfterEach
    void stop() {
        producer.close();
        slowProducer.shutdown();
        server.shutdown();
    }

    private void useHooks(SendHook... hooks) throws Exception {
        server.broker().hooks().replace(List.of(hooks)).get(10, TimeUnit.SECONDS);
    }

    private RemotingCommand send(String topic) throws Exception {
        return producer.call(RemotingTestClient.sendV2(topic, 0, PROPS, topic.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aHookBlockedInAfterDoesNotHoldBackOtherProducersSends() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean blocked = new AtomicBoolean();
        useHooks(new SendHook() {
            @Override
            public String name() {
                return "blocks-topic-slow";
            }

            @Override
            public void after(SendContext context) {
                if (!"Slow".equals(context.topic())) {
                    return;
                }
                blocked.set(true);
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    blocked.set(false);
                }
            }
        });
        try {
            CompletableFuture<RemotingCommand> slow = slowProducer.invokeAsync(server.brokerAddress(),
                    RemotingTestClient.sendV2("Slow", 0, PROPS, "slow".getBytes(StandardCharsets.UTF_8)), 60_000);
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the slow send never reached the hook's after");
            for (int i = 0; i < 20; i++) {
                RemotingCommand answer = send("Fast");
                assertEquals(ResponseCode.SUCCESS, answer.getCode(), "send " + i + ": " + answer.getRemark());
            }
            assertTrue(blocked.get(), "the other sends were answered while the hook was still blocked");
            release.countDown();
            assertEquals(ResponseCode.SUCCESS, slow.get(10, TimeUnit.SECONDS).getCode());
        } finally {
            release.countDown();
        }
    }

    @Test
    void anErrorThrownInAfterIsAnsweredWithSystemErrorNamingIt() throws Exception {
        useHooks(new SendHook() {
            @Override
            public String name() {
                return "asserts-in-after";
            }

            @Override
            public void after(SendContext context) {
                throw new AssertionError("after() failed on purpose");
            }
        });
        RemotingCommand answer = send("Broken");
        assertEquals(ResponseCode.SYSTEM_ERROR, answer.getCode());
        assertTrue(answer.getRemark().contains("after() failed on purpose"), answer.getRemark());
        assertTrue(answer.getRemark().contains("the message was stored"), answer.getRemark());
        assertNotNull(answer.getExtFields(), "the RocketMQ client reads a send answer's ext fields unchecked");

        useHooks();
        assertEquals(ResponseCode.SUCCESS, send("Broken").getCode(), "the broker answers normally once the hook is gone");
    }

    @Test
    void anExceptionThrownInAfterIsCountedAndTheStoredSendSucceeds() throws Exception {
        useHooks(new SendHook() {
            @Override
            public String name() {
                return "throws-in-after";
            }

            @Override
            public void after(SendContext context) {
                throw new IllegalStateException("after() failed on purpose");
            }
        });
        RemotingCommand answer = send("Counted");
        assertEquals(ResponseCode.SUCCESS, answer.getCode(), answer.getRemark());
        assertEquals(1L, server.broker().hooks().failureCounts().get("throws-in-after"));
    }
}
