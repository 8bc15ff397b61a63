package org.skiffmq.kernel.protocol;

/** One broker's queues of a topic, as a route lists them. */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
}
