package org.skiffmq.kernel.broker.send;

import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.MessageIds;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.kernel.broker.BrokerIdentity;

/**
 * Stage 7: the producer's answer. Every send answer — success, flush timeout or refusal — carries
 * ext fields, because the RocketMQ client reads them without a null check; stored messages are
 * answered with msgId (offset ids, comma-joined for a batch), queueId and queueOffset.
 */
final class SendResponder {
    private final BrokerIdentity identity;

    SendResponder(BrokerIdentity identity) {
        this.identity = identity;
    }

    RemotingCommand stored(SendExchange exchange) {
        PutResult result = exchange.putResult();
        RemotingCommand response = RemotingCommand.response(code(result), result.isOk() ? null : result.detail());
        response.ensureExtFields();
        if (result.isStored()) {
            long[] offsets = result.physicalOffsets();
            String msgId;
            if (offsets.length == 1) {
                msgId = MessageIds.offsetMsgId(identity.storeHost(), offsets[0]);
            } else {
                StringBuilder ids = new StringBuilder(offsets.length * 33);
                for (int i = 0; i < offsets.length; i++) {
                    ids.append(i == 0 ? "" : ",").append(MessageIds.offsetMsgId(identity.storeHost(), offsets[i]));
                }
                msgId = ids.toString();
            }
            response.putExt("msgId", msgId);
            response.putExt("queueId", Integer.toString(exchange.queueId()));
            response.putExt("queueOffset", result.queueOffset());
            String uniqKey = exchange.header().batch()
                    ? MessageProperties.decode(exchange.header().properties()).get(MessageProperties.UNIQ_KEY)
                    : exchange.messages().get(0).getUniqKey();
            response.putExt("transactionId", uniqKey);
            response.putExt(MessageProperties.MSG_REGION, identity.region());
            response.putExt(MessageProperties.TRACE_ON, "true");
        }
        return response;
    }

    /**
     * SYSTEM_ERROR for a send that failed after the store was asked: names the failure and
     * whether the message is stored, since a producer that retries a stored message stores it twice.
     *
     * @param result what the store answered, or null when it failed without an answer
     */
    RemotingCommand failed(PutResult result, Throwable error) {
        String outcome = result == null ? "the store failed without an answer, so the message may or may not be stored"
                : result.isStored() ? "the message was stored, so sending it again stores a second copy"
                : "the message was not stored (" + result.status() + ")";
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The broker failed answering the send: " + error
                + "; " + outcome).ensureExtFields();
    }

    RemotingCommand rejected(SendRejectedException e) {
        return RemotingCommand.response(e.responseCode(), e.getMessage()).ensureExtFields();
    }

    private static int code(PutResult result) {
        return switch (result.status()) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case MESSAGE_ILLEGAL -> ResponseCode.MESSAGE_ILLEGAL;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            // RocketMQ answers a quorum timeout with SYSTEM_ERROR too; the client retries it elsewhere.
            case IN_SYNC_REPLICAS_NOT_ENOUGH, UNKNOWN_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
    }
}
