package org.skiffmq.client.consumer;

import java.util.List;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.consume.ConsumerEngine;

/**
 * Consumes a consumer group's subscriptions and hands each message to a listener, as RocketMQ's
 * DefaultMQPushConsumer does: the client pulls (held by the broker until messages arrive), so
 * messages reach the listener as soon as they are stored.
 *
 * <pre>
 * PushConsumer consumer = PushConsumer.builder("CG_DEMO")
 *         .nameServer("127.0.0.1:9876")
 *         .subscribe("TopicDemo", "TagA || TagB")
 *         .listener((messages, context) -> {
 *             messages.forEach(m -> System.out.println(new String(m.getBody())));
 *             return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
 *         })
 *         .build();
 * consumer.start();
 * ...
 * consumer.shutdown();
 * </pre>
 *
 * In CLUSTERING mode (the default) the group's members share the queues and their offsets live on
 * the brokers; messages the listener returns with RECONSUME_LATER come back later through the
 * group's retry topic, with their original topic. In BROADCASTING mode every member reads every
 * queue and keeps its offsets in a local file. Offsets are committed every 5 s and at shutdown;
 * a message is committed only once it and every message before it in its queue were consumed, so
 * after a crash a message may come twice but is never skipped.
 *
 * <p>Consumers and producers with the same instance name share one client instance (one
 * connection per broker); a consumer group can be used by one consumer of an instance at a time.
 */
public final class PushConsumer implements AutoCloseable {
    private enum State { CREATED, RUNNING, SHUT_DOWN }

    private final ConsumerEngine engine;
    private final String group;
    private State state = State.CREATED;

    PushConsumer(String group, ConsumerEngine engine) {
        this.group = group;
        this.engine = engine;
    }

    /** Settings for a consumer of {@code group}. */
    public static PushConsumerBuilder builder(String group) {
        return new PushConsumerBuilder(group);
    }

    /**
     * Joins (or starts) the process's client instance, registers the group with the brokers and
     * starts consuming.
     *
     * @throws ClientException when the group is already used by another consumer of this
     *                         instance, the instance runs with other settings, or no name server answers
     */
    public synchronized void start() throws ClientException, InterruptedException {
        if (state != State.CREATED) {
            throw new IllegalStateException("Consumer " + group + " was already started" + (state == State.SHUT_DOWN
                    ? " and shut down; build a new one" : ""));
        }
        try {
            engine.start();
        } catch (ClientException | InterruptedException | RuntimeException e) {
            state = State.SHUT_DOWN;
            throw e;
        }
        state = State.RUNNING;
    }

    /**
     * Stops pulling, lets listener calls in progress finish, commits the offsets, unlocks orderly
     * queues and leaves the group, so the other members take over its queues. Idempotent.
     */
    public synchronized void shutdown() {
        if (state == State.RUNNING) {
            engine.shutdown();
        }
        state = State.SHUT_DOWN;
    }

    @Override
    public void close() {
        shutdown();
    }

    public String group() {
        return group;
    }

    /** The client id brokers know this consumer by ({@code ip@instance}); null unless running. */
    public String clientId() {
        return engine.clientId();
    }

    /** The queues this consumer reads now, sorted; they change as members come and go. */
    public List<MessageQueue> assignedQueues() {
        return engine.assignedQueues();
    }
}
