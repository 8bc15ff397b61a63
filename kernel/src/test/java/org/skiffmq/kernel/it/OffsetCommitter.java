package org.skiffmq.kernel.it;

import java.util.concurrent.locks.ReentrantLock;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;

/**
 * Commits ever-growing offsets for a few queues of one group with hand-built UPDATE_CONSUMER_OFFSET
 * requests, as fast as the broker answers, and remembers per queue the highest value attempted
 * and the highest acknowledged. Runs while the gate is open; the
 * test closes it to look at the broker's offsets without a commit racing the query.
 */
final class OffsetCommitter implements Runnable {
    static final String GROUP = "CG_CRASH";

    private final String address;
    private final String topic;
    private final int queues;
    private final ReentrantLock gate = new ReentrantLock();
    private volatile boolean open;
    private volatile boolean running = true;
    // guarded by gate
    private final long[] attempted;
    private final long[] acked;

    OffsetCommitter(String address, String topic, int queues) {
        this.address = address;
        this.topic = topic;
        this.queues = queues;
        this.attempted = new long[queues];
        this.acked = new long[queues];
        java.util.Arrays.fill(attempted, -1);
        java.util.Arrays.fill(acked, -1);
    }

    /** What the committer had attempted and had acknowledged at a moment. */
    record Snapshot(long[] attempted, long[] acked) {
    }

    @Override
    public void run() {
        try (RemotingTestClient client = new RemotingTestClient(address)) {
            int q = 0;
            while (running) {
                if (!open) {
                    Thread.sleep(5);
                    continue;
                }
                gate.lock();
                try {
                    if (!open) {
                        continue;
                    }
                    long value = attempted[q] + 1;
                    attempted[q] = value;
                    RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                            .putExt("consumerGroup", GROUP).putExt("topic", topic).putExt("queueId", q)
                            .putExt("commitOffset", value);
                    try {
                        if (client.call(request).getCode() == ResponseCode.SUCCESS) {
                            acked[q] = value;
                        }
                    } catch (Exception brokerDown) {
                        Thread.sleep(20);
                    }
                } finally {
                    gate.unlock();
                }
                q = (q + 1) % queues;
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops committing and returns what was attempted and acknowledged so far. */
    Snapshot pause() {
        gate.lock();
        try {
            open = false;
            return new Snapshot(attempted.clone(), acked.clone());
        } finally {
            gate.unlock();
        }
    }

    /** The highest acknowledged value per queue so far (-1 where none), without pausing. */
    long[] acked() {
        gate.lock();
        try {
            return acked.clone();
        } finally {
            gate.unlock();
        }
    }

    void resume() {
        open = true;
    }

    void stop() {
        running = false;
        open = false;
    }

    int queues() {
        return queues;
    }

    static RemotingCommand query(String topic, int queueId) {
        return RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET).putExt("consumerGroup", GROUP)
                .putExt("topic", topic).putExt("queueId", queueId).putExt("setZeroIfNotFound", "false");
    }
}
