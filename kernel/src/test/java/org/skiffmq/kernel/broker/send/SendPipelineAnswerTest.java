package org.skiffmq.kernel.broker.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.FaultyStore;
import org.skiffmq.kernel.RecordingChannel;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.protocol.Perm;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;

/**
 * Sends the store completes later (sync flush): their hooks' after and answer run on the answer
 * executor, whatever thread completes the store's future, and every such send is answered.
 */
class SendPipelineAnswerTest {
    @TempDir
    Path dir;
    private MessageStore store;
    private FaultyStore heldStore;
    private TopicConfigTable topics;
    private final BrokerIdentity identity = new BrokerIdentity("DefaultCluster", "broker-a", "DefaultRegion");
    private final List<String> afterThreads = new CopyOnWriteArrayList<>();
    private final ActiveHooks hooks = new ActiveHooks(List.of(new SendHook() {
        @Override
        public String name() {
            return "records-after";
        }

        @Override
        public void after(SendContext context) {
            afterThreads.add(Thread.currentThread().getName());
        }
    }));

    @BeforeEach
    void open() throws Exception {
        store = new MmapStoreProvider().create(MmapStoreConfig.defaults(dir.resolve("store"))
                .withCommitLogFileSize(16 << 20), Clock.systemUTC());
        store.start();
        heldStore = new FaultyStore(store);
        heldStore.holdPuts();
        topics = new TopicConfigTable(dir.resolve("topics.json"), Clock.systemUTC(), false, 4);
        topics.ensure("Answered", 4, Perm.READ_WRITE);
        identity.setStoreHost(new InetSocketAddress("127.0.0.1", 10_911));
    }

    @AfterEach
    void close() {
        store.shutdown();
    }

    private SendPipeline pipeline(Executor answers) {
        return new SendPipeline(topics, identity, heldStore, hooks, 4 << 20, DelayLevels.defaults(), answers);
    }

    private static RemotingCommand send() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "PG").putExt("b", "Answered").putExt("c", "TBW102").putExt("d", "4").putExt("e", "0")
                .putExt("f", "0").putExt("g", "1700000000000").putExt("h", "0")
                .putExt("i", "UNIQ_KEY\u0001AB00000000000000000000000000000001\u0002").putExt("j", "0")
                .putExt("k", "false").putExt("m", "false");
        request.setBody("body".getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void hooksAfterAndTheAnswerRunOnTheAnswerExecutorNotOnTheStoresThread() throws Exception {
        ExecutorService answers = Executors.newSingleThreadExecutor(r -> new Thread(r, "answer-thread"));
        try {
            RecordingChannel channel = new RecordingChannel();
            RemotingCommand request = send();
            assertNull(pipeline(answers).process(channel, request), "answered later, when the store completes");
            Thread groupCommit = new Thread(() -> {
                try {
                    heldStore.releasePut();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "store-completing-thread");
            groupCommit.start();
            groupCommit.join();
            answers.shutdown();
            assertTrue(answers.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(1, channel.answerCount(request));
            assertEquals(ResponseCode.SUCCESS, channel.answers().get(0).getCode());
            assertEquals(List.of("answer-thread"), afterThreads);
        } finally {
            answers.shutdownNow();
        }
    }

    @Test
    void aRejectedAnswerTaskIsStillAnsweredWithoutTheHooksAfter() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        RemotingCommand request = send();
        pipeline(task -> {
            throw new RejectedExecutionException("saturated on purpose");
        }).process(channel, request);
        heldStore.releasePut();

        assertEquals(1, channel.answerCount(request));
        RemotingCommand answer = channel.answers().get(0);
        assertEquals(ResponseCode.SUCCESS, answer.getCode(), "the message is stored, and the answer says so");
        assertNotNull(answer.ext("msgId"));
        assertEquals(List.of(), afterThreads);
        // The send let go of its hook chain: a swap of the hooks drains.
        hooks.replace(List.of()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStoreFutureThatFailsIsAnsweredWithSystemErrorNamingTheFailure() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        RemotingCommand request = send();
        pipeline(Runnable::run).process(channel, request);
        heldStore.failPut(new IllegalStateException("the store failed on purpose"));

        assertEquals(1, channel.answerCount(request));
        RemotingCommand answer = channel.answers().get(0);
        assertEquals(ResponseCode.SYSTEM_ERROR, answer.getCode());
        assertTrue(answer.getRemark().contains("the store failed on purpose")
                && answer.getRemark().contains("may or may not be stored"), answer.getRemark());
        assertNotNull(answer.getExtFields());
    }
}
