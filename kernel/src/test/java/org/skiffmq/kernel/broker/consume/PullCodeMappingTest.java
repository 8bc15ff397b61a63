package org.skiffmq.kernel.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.GetStatus;

/** Store lookup results become the pull codes RocketMQ's consumers act on. */
class PullCodeMappingTest {

    @Test
    void foundIsSuccess() {
        assertEquals(ResponseCode.SUCCESS, PullProcessor.code(GetStatus.FOUND, 5));
    }

    @Test
    void belowTheRetainedDataIsOffsetMovedSoTheConsumerJumpsToTheMinimum() {
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, PullProcessor.code(GetStatus.OFFSET_TOO_SMALL, 3));
    }

    @Test
    void beyondTheEndIsOffsetMoved() {
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, PullProcessor.code(GetStatus.OFFSET_OVERFLOW_BADLY, 99));
    }

    @Test
    void atTheEndIsNotFoundAndMayBeHeld() {
        assertEquals(ResponseCode.PULL_NOT_FOUND, PullProcessor.code(GetStatus.OFFSET_OVERFLOW_ONE, 7));
        assertEquals(ResponseCode.PULL_NOT_FOUND, PullProcessor.code(GetStatus.OFFSET_FOUND_NULL, 7));
    }

    @Test
    void skippedByFilterOrRemovedIsRetryImmediately() {
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, PullProcessor.code(GetStatus.NO_MATCHED_MESSAGE, 0));
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, PullProcessor.code(GetStatus.MESSAGE_WAS_REMOVING, 0));
    }

    @Test
    void emptyOrUnknownQueueIsNotFoundAtZeroAndMovedElsewhere() {
        assertEquals(ResponseCode.PULL_NOT_FOUND, PullProcessor.code(GetStatus.NO_MESSAGE_IN_QUEUE, 0));
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, PullProcessor.code(GetStatus.NO_MESSAGE_IN_QUEUE, 4));
        assertEquals(ResponseCode.PULL_NOT_FOUND, PullProcessor.code(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0));
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, PullProcessor.code(GetStatus.NO_MATCHED_LOGIC_QUEUE, 4));
    }
}
