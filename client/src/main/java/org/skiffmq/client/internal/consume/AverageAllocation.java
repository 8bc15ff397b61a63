package org.skiffmq.client.internal.consume;

import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.MessageQueue;

/**
 * RocketMQ's default queue allocation (AllocateMessageQueueAveragely), so SkiffMQ consumers and
 * official ones in one group agree on who reads what: queues and client ids are sorted; each
 * client gets one contiguous block; the first {@code queues % clients} clients get one queue more.
 * With more clients than queues, the clients past the last queue get nothing.
 *
 * <pre>
 *   8 queues, 3 clients:  c0 = q0 q1 q2   c1 = q3 q4 q5   c2 = q6 q7
 * </pre>
 */
public final class AverageAllocation {

    private AverageAllocation() {
    }

    /**
     * The queues {@code clientId} reads.
     *
     * @param queues    the topic's readable queues, in any order
     * @param clientIds the group's members as the broker lists them, in any order
     * @return an empty list when {@code clientId} is not a member (the broker does not know it yet)
     */
    public static List<MessageQueue> allocate(List<MessageQueue> queues, List<String> clientIds, String clientId) {
        List<MessageQueue> sortedQueues = new ArrayList<>(queues);
        sortedQueues.sort(null);
        List<String> sortedIds = new ArrayList<>(clientIds);
        sortedIds.sort(null);
        int index = sortedIds.indexOf(clientId);
        if (index < 0 || sortedQueues.isEmpty()) {
            return List.of();
        }
        int queueCount = sortedQueues.size();
        int clientCount = sortedIds.size();
        int base = queueCount / clientCount;
        int extra = queueCount % clientCount;
        // Clients before 'extra' take base + 1 queues; the rest take base, after those larger blocks.
        int size = index < extra ? base + 1 : base;
        int start = index < extra ? index * (base + 1) : extra * (base + 1) + (index - extra) * base;
        return List.copyOf(sortedQueues.subList(start, start + size));
    }
}
