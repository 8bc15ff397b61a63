package org.skiffmq.kernel.broker.send;

import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.remoting.HeaderFieldException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;

/**
 * Stage 1: reads the send header, under its long (code 10) or one-letter (codes 310, 320) keys.
 * Whether the body is a batch is decided by the {@code batch} field, as RocketMQ does.
 */
final class ParseHeaderStage implements SendStage {

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        RemotingCommand request = exchange.request();
        boolean v2 = request.getCode() != RequestCode.SEND_MESSAGE;
        try {
            exchange.setHeader(new SendHeader(
                    request.requiredExt(v2 ? "a" : "producerGroup"),
                    request.requiredExt(v2 ? "b" : "topic"),
                    request.requiredExt(v2 ? "c" : "defaultTopic"),
                    request.requiredIntExt(v2 ? "d" : "defaultTopicQueueNums"),
                    request.requiredIntExt(v2 ? "e" : "queueId"),
                    request.requiredIntExt(v2 ? "f" : "sysFlag"),
                    request.requiredLongExt(v2 ? "g" : "bornTimestamp"),
                    request.requiredIntExt(v2 ? "h" : "flag"),
                    request.ext(v2 ? "i" : "properties"),
                    request.intExt(v2 ? "j" : "reconsumeTimes", 0),
                    optionalInt(request, v2 ? "l" : "maxReconsumeTimes"),
                    request.booleanExt(v2 ? "m" : "batch", false)
                            || request.getCode() == RequestCode.SEND_BATCH_MESSAGE));
        } catch (HeaderFieldException e) {
            throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
    }

    private static Integer optionalInt(RemotingCommand request, String key) {
        return request.ext(key) == null ? null : request.requiredIntExt(key);
    }
}
