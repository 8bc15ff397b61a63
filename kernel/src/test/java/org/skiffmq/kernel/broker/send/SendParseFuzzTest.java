package org.skiffmq.kernel.broker.send;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.testing.Allocations;

/**
 * Hostile send requests against the first stage of the send pipeline and the batch-body decoder:
 * a header either parses or is refused with {@link SendRejectedException} (the client gets a code
 * and a remark), a batch body either splits or throws {@link MessageDecodeException}; nothing
 * else escapes, nothing allocates by a length the bytes do not back, nothing hangs. Inputs replay
 * in every build from {@code SendParseFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SendParseFuzzTest {
    private static final int[] CODES = {RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2,
        RequestCode.SEND_BATCH_MESSAGE};
    private static final String[] V2_KEYS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"};
    private static final String[] V1_KEYS = {"producerGroup", "topic", "defaultTopic", "defaultTopicQueueNums",
        "queueId", "sysFlag", "bornTimestamp", "flag", "properties", "reconsumeTimes", "unitMode",
        "maxReconsumeTimes", "batch"};

    /** A request with any subset of the send header's keys, each with any short value. */
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseHeader(FuzzedDataProvider data) {
        int code = CODES[data.consumeInt(0, CODES.length - 1)];
        RemotingCommand request = RemotingCommand.request(code);
        String[] keys = code == RequestCode.SEND_MESSAGE ? V1_KEYS : V2_KEYS;
        for (String key : keys) {
            if (data.consumeBoolean()) {
                request.putExt(key, data.consumeString(24));
            }
        }
        SendExchange exchange = new SendExchange(null, request, null);
        try {
            new ParseHeaderStage().apply(exchange);
            assertNotNull(exchange.header());
        } catch (SendRejectedException refused) {
            assertNotNull(refused.getMessage(), "a refusal without a remark");
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void batchBody(byte[] input) {
        long allocated = Allocations.of(() -> split(input));
        assertTrue(allocated <= Allocations.budgetFor(input.length), input.length + " bytes allocated " + allocated);
    }

    private static void split(byte[] input) {
        try {
            List<Message> messages = BatchBodyDecoder.decode(input);
            int bodies = 0;
            for (Message m : messages) {
                bodies += m.getBody().length;
            }
            assertTrue(bodies <= input.length, "bodies of " + bodies + " bytes from " + input.length);
        } catch (MessageDecodeException refused) {
            // a body the decoder refuses, as it must
        }
    }
}
