package org.skiffmq.kernel.broker.consume;

import org.skiffmq.api.remoting.RemotingCommand;

/**
 * The header of PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361).
 *
 * @param sysFlag bit 0 commit offset, bit 1 suspend (long poll allowed), bit 2 subscription
 *                included, bit 3 class filter, bit 4 lite pull
 */
record PullHeader(String consumerGroup, String topic, int queueId, long queueOffset, int maxMsgNums, int sysFlag,
        long commitOffset, long suspendTimeoutMillis, String subscription, String expressionType, int maxMsgBytes) {

    static final int FLAG_COMMIT_OFFSET = 0x1;
    static final int FLAG_SUSPEND = 0x2;
    static final int FLAG_SUBSCRIPTION = 0x4;

    static PullHeader parse(RemotingCommand request) {
        return new PullHeader(
                request.requiredExt("consumerGroup"),
                request.requiredExt("topic"),
                request.requiredIntExt("queueId"),
                request.requiredLongExt("queueOffset"),
                request.requiredIntExt("maxMsgNums"),
                request.requiredIntExt("sysFlag"),
                request.longExt("commitOffset", -1),
                request.longExt("suspendTimeoutMillis", 0),
                request.ext("subscription"),
                request.ext("expressionType"),
                request.intExt("maxMsgBytes", 0));
    }

    boolean commitsOffset() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    boolean maySuspend() {
        return (sysFlag & FLAG_SUSPEND) != 0;
    }

    boolean carriesSubscription() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0 && subscription != null;
    }
}
