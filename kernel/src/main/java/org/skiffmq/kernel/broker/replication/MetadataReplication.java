package org.skiffmq.kernel.broker.replication;

import java.io.IOException;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.ReplicaRole;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.schedule.ScheduleService;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the broker's topic table, consumer groups, consumer offsets and delayed-delivery progress through a
 * replicated store, so they survive a failover: the master publishes each new version (topics on
 * every change, offsets and progress with every periodic write) and on becoming master; every other member replaces its own with
 * what the group committed. The master ignores what it hears back: its own tables are newer.
 * A store that does not replicate metadata leaves the broker's files as they always were.
 */
public final class MetadataReplication {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataReplication.class);
    static final String TOPICS = "topics";
    static final String CONSUMER_OFFSETS = "consumerOffsets";
    static final String DELAY_PROGRESS = "delayOffsets";
    static final String GROUPS = "subscriptionGroups";

    private final MessageStore store;
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final ScheduleService schedule;
    private final SubscriptionGroupTable groups;

    private MetadataReplication(MessageStore store, TopicConfigTable topics, ConsumerOffsetTable offsets,
            ScheduleService schedule, SubscriptionGroupTable groups) {
        this.groups = groups;
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.schedule = schedule;
    }

    /**
     * Connects the tables to the store when it replicates metadata; call before the store starts.
     *
     * @return the connection, to be told of role changes; null for a store that does not replicate metadata
     */
    public static MetadataReplication wire(MessageStore store, TopicConfigTable topics, ConsumerOffsetTable offsets,
            ScheduleService schedule, SubscriptionGroupTable groups) {
        if (!store.replicatesMetadata()) {
            return null;
        }
        MetadataReplication replication = new MetadataReplication(store, topics, offsets, schedule, groups);
        groups.setPublisher(content -> replication.publish(GROUPS, content));
        topics.setPublisher(content -> replication.publish(TOPICS, content));
        offsets.setPublisher(content -> replication.publish(CONSUMER_OFFSETS, content));
        schedule.setPublisher(content -> replication.publish(DELAY_PROGRESS, content));
        store.setMetadataListener(replication::committed);
        return replication;
    }

    /** The store's role changed: a new master publishes both tables once, as its followers' starting point. */
    public void roleChanged(ReplicaRole role) {
        if (role.master()) {
            // Each under its table's lock: a change made meanwhile is published after this one.
            topics.publishNow();
            offsets.publishNow();
            schedule.publishNow();
            groups.publishNow();
        }
    }

    private void publish(String name, byte[] content) {
        if (!store.replicaRole().master()) {
            return;
        }
        store.putMetadata(name, content).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("The replica group did not take the {} table ({}); the next change publishes it again",
                        name, error.toString());
            }
        });
    }

    private void committed(String name, byte[] content) {
        if (store.replicaRole().master()) {
            return;
        }
        try {
            switch (name) {
                case TOPICS -> topics.replaceFromReplica(content);
                case CONSUMER_OFFSETS -> offsets.replaceFromReplica(content);
                case DELAY_PROGRESS -> schedule.replaceFromReplica(content);
                case GROUPS -> groups.replaceFromReplica(content);
                default -> LOG.warn("The replica group committed a metadata document '{}' this broker does not know;"
                        + " is a newer broker in the group? It is ignored", name);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not take the master's {} table: {}; this member's copy is older until the next one",
                    name, e.toString());
        }
    }
}
