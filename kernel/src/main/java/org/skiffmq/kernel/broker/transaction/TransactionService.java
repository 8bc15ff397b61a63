package org.skiffmq.kernel.broker.transaction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageIds;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.skiffmq.kernel.config.TransactionSection;
import org.skiffmq.kernel.protocol.Perm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends transactions and checks back on those left open, through the store only (the half and op
 * system topics), so it works on any store engine.
 *
 * <p>State: the check-back's progress through the half queue ({@code checkFrom}, kept as the
 * consumer offset of {@link HalfMessages#CHECK_GROUP}, so it survives restarts and failovers), and
 * the half queue offsets at or above it that have an outcome ({@code settled}, rebuilt at start
 * from the op queue). A half message below {@code checkFrom} has an outcome or was appended again
 * for its next check; an END naming it changes nothing.
 *
 * <p>An END first claims its half message (adds it to {@code settled}) so that a second END or a
 * concurrent check cannot act on it too, then stores the committed message (on commit) and the op
 * record. A crash between the two leaves the half message without an op record: it is checked
 * again and, if the producer says commit, delivered a second time (at least once, as RocketMQ).
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    /** Bytes one read of the half or op queue may take. */
    private static final int READ_BYTES = 4 << 20;

    private final MessageStore store;
    private final TopicConfigTable topics;
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final BrokerIdentity identity;
    private volatile TransactionSection config;
    private final Clock clock;
    private final NavigableSet<Long> settled = new ConcurrentSkipListSet<>();
    private final Object checkLock = new Object();
    private volatile long checkFrom;
    private ScheduledExecutorService checker;

    public TransactionService(MessageStore store, TopicConfigTable topics, ClientRegistry clients,
            ConsumerOffsetTable offsets, BrokerIdentity identity, TransactionSection config, Clock clock) {
        this.store = store;
        this.topics = topics;
        this.clients = clients;
        this.offsets = offsets;
        this.identity = identity;
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Creates the system topics, reads where the check-back was and which half messages have an outcome. */
    public void start() throws IOException {
        if (!config.enabled()) {
            return;
        }
        topics.ensure(HalfMessages.HALF_TOPIC, 1, Perm.READ_WRITE);
        topics.ensure(HalfMessages.OP_TOPIC, 1, Perm.READ_WRITE);
        reload();
        checker = BoundedExecutors.scheduled("skiff-tx-check");
        checker.scheduleWithFixedDelay(GuardedLoop.of("The transaction check-back", this::checkOnce),
                config.checkIntervalMillis(), config.checkIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** A broker that becomes its group's master takes over the check-back where the group's offsets say. */
    public void roleChanged(org.skiffmq.api.store.ReplicaRole role) {
        if (config.enabled() && checker != null && role.master()) {
            reload();
        }
    }

    /** Rebuilds the state from the store: after start, and when this broker becomes master. */
    private void reload() {
        synchronized (checkLock) {
            long from = offsets.query(HalfMessages.CHECK_GROUP, HalfMessages.HALF_TOPIC, 0);
            checkFrom = Math.max(from, store.minQueueOffset(HalfMessages.HALF_TOPIC, 0));
            settled.clear();
            long at = store.minQueueOffset(HalfMessages.OP_TOPIC, 0);
            long end = store.maxQueueOffset(HalfMessages.OP_TOPIC, 0);
            while (at < end) {
                GetResult got = store.getMessages(HalfMessages.OP_TOPIC, 0, at, 256, READ_BYTES, MessageFilter.ALL);
                if (got.messages().isEmpty()) {
                    break;
                }
                for (ByteBuffer record : got.messages()) {
                    for (long half : HalfMessages.opOffsets(StoredMessageCodec.decode(record.duplicate(), false)
                            .getBody())) {
                        if (half >= checkFrom) {
                            settled.add(half);
                        }
                    }
                }
                at = got.nextBeginOffset();
            }
            LOG.info("transactions: check-back continues at half queue offset {}; {} half messages above it have an"
                    + " outcome", checkFrom, settled.size());
        }
    }

    /** What an END_TRANSACTION asks for. */
    public enum Outcome {
        COMMIT, ROLLBACK
    }

    /** The answer to an END_TRANSACTION: a response code and, for anything but success, why. */
    public record Ended(int code, String remark) {
    }

    /**
     * Ends the transaction of the half message at {@code commitLogOffset}, after checking that
     * the request names it rightly: its producer group and its half queue offset.
     */
    public Ended end(String producerGroup, long tranStateTableOffset, long commitLogOffset, Outcome outcome,
            boolean fromCheck) {
        StoredMessage half = store.readMessage(commitLogOffset);
        if (half == null) {
            return new Ended(org.skiffmq.api.remoting.ResponseCode.SYSTEM_ERROR, "no message at commit-log offset "
                    + commitLogOffset + "; send the commitLogOffset of the half message's send result");
        }
        if (!HalfMessages.HALF_TOPIC.equals(half.getTopic())) {
            return new Ended(org.skiffmq.api.remoting.ResponseCode.SYSTEM_ERROR, "the message at commit-log offset "
                    + commitLogOffset + " is not a half message (topic " + half.getTopic() + ")");
        }
        if (half.getQueueOffset() != tranStateTableOffset) {
            return new Ended(org.skiffmq.api.remoting.ResponseCode.SYSTEM_ERROR, "tranStateTableOffset "
                    + tranStateTableOffset + " does not match the half message at commit-log offset " + commitLogOffset
                    + ", whose half queue offset is " + half.getQueueOffset());
        }
        String group = half.getProperty(MessageProperties.PRODUCER_GROUP);
        if (group == null || !group.equals(producerGroup)) {
            return new Ended(org.skiffmq.api.remoting.ResponseCode.SYSTEM_ERROR, "The producer group wrong: the half"
                    + " message at " + commitLogOffset + " was sent by group " + group + ", not " + producerGroup);
        }
        long queueOffset = half.getQueueOffset();
        if (!claim(queueOffset)) {
            return new Ended(org.skiffmq.api.remoting.ResponseCode.SUCCESS, "the transaction of " + half.getUniqKey()
                    + " already ended; nothing changed");
        }
        if (outcome == Outcome.COMMIT) {
            PutResult stored = store.put(HalfMessages.committed(half)).join();
            if (!stored.isOk()) {
                settled.remove(queueOffset);
                return new Ended(org.skiffmq.api.remoting.ResponseCode.SYSTEM_ERROR, "committing " + half.getUniqKey()
                        + " failed: the store answered " + stored.status() + " " + stored.detail()
                        + "; the transaction stays open and is checked again");
            }
        }
        writeOp(queueOffset, half);
        LOG.debug("transaction {} of group {} ended: {}{}", half.getUniqKey(), producerGroup, outcome,
                fromCheck ? " (answering a check)" : "");
        return new Ended(org.skiffmq.api.remoting.ResponseCode.SUCCESS, null);
    }

    /**
     * Takes the half message at {@code queueOffset} for an outcome; false when it has one already,
     * or the check-back took it. Lock-free, so an END (on a send thread) never waits for a check
     * pass: the pass claims each half message the same way before acting on it, and moves
     * {@code checkFrom} before it forgets claims below it, so a claim made after that is undone here.
     */
    private boolean claim(long queueOffset) {
        if (!settled.add(queueOffset)) {
            return false;
        }
        if (queueOffset < checkFrom) {
            settled.remove(queueOffset);
            return false;
        }
        return true;
    }

    private void writeOp(long queueOffset, StoredMessage half) {
        PutResult op = store.put(HalfMessages.op(queueOffset, half.getStoreHost(), clock.millis())).join();
        if (!op.isOk()) {
            // The outcome stands here; after a restart the half message would be checked again.
            LOG.error("transactions: recording the outcome of half message {} failed ({} {}); after a restart it is"
                    + " checked again", queueOffset, op.status(), op.detail());
        }
    }

    /**
     * One pass over the half queue from {@code checkFrom}: every half message without an outcome
     * that is old enough is appended again with its check count raised and its producer group is
     * asked about it (CHECK_TRANSACTION_STATE on one live producer's connection); one checked
     * {@code maxChecks} times is set aside in {@link HalfMessages#CHECK_MAX_TOPIC} instead. Runs
     * on the master only.
     */
    public void checkOnce() {
        if (!store.replicaRole().master()) {
            return;
        }
        synchronized (checkLock) {
            long end = store.maxQueueOffset(HalfMessages.HALF_TOPIC, 0);
            long now = clock.millis();
            long at = Math.max(checkFrom, store.minQueueOffset(HalfMessages.HALF_TOPIC, 0));
            scan:
            while (at < end) {
                GetResult got = store.getMessages(HalfMessages.HALF_TOPIC, 0, at, 64, READ_BYTES, MessageFilter.ALL);
                if (got.messages().isEmpty()) {
                    at = Math.max(at + 1, got.nextBeginOffset());
                    continue;
                }
                for (ByteBuffer record : got.messages()) {
                    StoredMessage half = StoredMessageCodec.decode(record.duplicate(), false);
                    long offset = half.getQueueOffset();
                    if (offset >= end) {
                        break scan;
                    }
                    if (settled.add(offset) && !check(half, now)) {
                        settled.remove(offset);
                        break scan; // too young (those after it are younger), or the store refused
                    }
                    at = offset + 1;
                }
            }
            if (at != checkFrom) {
                checkFrom = at;
                settled.headSet(at).clear();
                offsets.commit(HalfMessages.CHECK_GROUP, HalfMessages.HALF_TOPIC, 0, at);
            }
        }
    }

    /** Checks one open half message; false when the scan must stop before it. */
    private boolean check(StoredMessage half, long now) {
        String immunity = half.getProperty(HalfMessages.CHECK_IMMUNITY_SECONDS);
        long due = config.timeoutMillis();
        if (immunity != null) {
            try {
                due = Math.max(0, Long.parseLong(immunity.trim())) * 1000;
            } catch (NumberFormatException e) {
                LOG.warn("half message {} has an unreadable {} '{}'; checking it after {} ms", half.getUniqKey(),
                        HalfMessages.CHECK_IMMUNITY_SECONDS, immunity, due);
            }
        }
        int checks = checkTimes(half);
        if (now - half.getBornTimestamp() < due) {
            if (immunity == null) {
                return false;
            }
            // Its own, longer immunity: keep it for a later pass without counting a check.
            return append(HalfMessages.again(half, checks)) != null;
        }
        if (checks >= config.maxChecks()) {
            try {
                topics.ensure(HalfMessages.CHECK_MAX_TOPIC, 1, Perm.READ_WRITE);
            } catch (IOException e) {
                LOG.error("transactions: cannot create {}: {}", HalfMessages.CHECK_MAX_TOPIC, e.getMessage());
                return false;
            }
            if (append(HalfMessages.setAside(half)) == null) {
                return false;
            }
            writeOp(half.getQueueOffset(), half);
            LOG.warn("transaction {} of group {} (topic {}) was checked {} times without an outcome; set aside in {}",
                    half.getUniqKey(), half.getProperty(MessageProperties.PRODUCER_GROUP),
                    half.getProperty(MessageProperties.REAL_TOPIC), checks, HalfMessages.CHECK_MAX_TOPIC);
            return true;
        }
        StoredMessage again = append(HalfMessages.again(half, checks + 1));
        if (again == null) {
            return false;
        }
        askProducer(again);
        return true;
    }

    private static int checkTimes(StoredMessage half) {
        String value = half.getProperty(HalfMessages.CHECK_TIMES);
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Stores {@code m}; returns it as stored (offsets filled in), or null when the store refused. */
    private StoredMessage append(BrokerMessage m) {
        PutResult r = store.put(m).join();
        if (!r.isOk()) {
            LOG.warn("transactions: the check-back could not store {} ({} {}); trying again next pass", m.getTopic(),
                    r.status(), r.detail());
            return null;
        }
        return store.readMessage(r.physicalOffsets()[0]);
    }

    /** CHECK_TRANSACTION_STATE to one live producer of the half message's group; none online: the next pass asks again. */
    private void askProducer(StoredMessage half) {
        String group = half.getProperty(MessageProperties.PRODUCER_GROUP);
        List<ClientRegistry.ClientEntry> live = group == null ? List.of() : clients.producers(group).stream()
                .filter(p -> p.channel() != null && p.channel().isActive()).toList();
        if (live.isEmpty()) {
            LOG.info("transaction {}: no producer of group {} is connected to ask; checking again next pass",
                    half.getUniqKey(), group);
            return;
        }
        ClientRegistry.ClientEntry producer = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        String transactionId = half.getProperty(HalfMessages.TRANSACTION_ID);
        RemotingCommand request = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .putExt("tranStateTableOffset", half.getQueueOffset())
                .putExt("commitLogOffset", half.getPhysicalOffset())
                .putExt("offsetMsgId", MessageIds.offsetMsgId(identity.storeHost(), half.getPhysicalOffset()))
                .putExt("msgId", half.getUniqKey())
                .putExt("transactionId", transactionId != null ? transactionId : half.getUniqKey())
                .putExt("bname", identity.brokerName())
                .markOneway();
        request.setBody(HalfMessages.checkBody(half));
        producer.channel().sendOneway(request);
    }

    /** The settings checks run with now. */
    public TransactionSection settings() {
        return config;
    }

    /**
     * Changes how old an open half message must be before it is checked, and how many checks it
     * gets, for the checks from now on (UPDATE_BROKER_CONFIG); the check interval keeps its
     * schedule until the next start.
     */
    public void retime(long timeoutMillis, int maxChecks) {
        TransactionSection c = config;
        config = new TransactionSection(c.enabled(), timeoutMillis, c.checkIntervalMillis(), maxChecks);
    }

        public void shutdown() {
        if (checker != null) {
            BoundedExecutors.shutdown(checker);
        }
    }
}
