package org.skiffmq.client.producer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageIds;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.instance.ClientInstance;
import org.skiffmq.client.internal.instance.ClientThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages in transactions, as RocketMQ's TransactionMQProducer does: the message is stored
 * as a half message that no consumer sees, the {@link TransactionListener} runs the local
 * transaction, and the outcome goes to the broker (END_TRANSACTION, one-way). Commit delivers the
 * message, rollback drops it; when the outcome is unknown or lost, the broker asks a producer of
 * the group later (CHECK_TRANSACTION_STATE) and the listener's {@code check} answers.
 *
 * <pre>
 * TransactionProducer producer = Producer.builder("PG_ORDERS").nameServer("127.0.0.1:9876")
 *         .buildTransactional(listener);
 * producer.start();
 * TransactionSendResult r = producer.sendInTransaction(new Message("Orders", "created".getBytes()), order);
 * </pre>
 */
public final class TransactionProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionProducer.class);
    /** As RocketMQ's check executor: one thread, 2,000 checks queued at most. */
    private static final int CHECK_QUEUE = 2000;

    private final Producer producer;
    private final TransactionListener listener;
    private ThreadPoolExecutor checks;

    TransactionProducer(Producer producer, TransactionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("a transactional producer needs a TransactionListener");
        }
        this.producer = producer;
        this.listener = listener;
    }

    /** Starts the producer and takes the broker's checks for its group. */
    public synchronized void start() throws ClientException {
        producer.start();
        checks = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(CHECK_QUEUE),
                new ClientThreads(producer.group(), "transaction-check"));
        producer.instance().registerTransactionChecker(producer.group(), this::checkRequested);
    }

    public synchronized void shutdown() {
        if (checks != null) {
            producer.instance().unregisterTransactionChecker(producer.group());
            checks.shutdownNow();
            checks = null;
        }
        producer.shutdown();
    }

    @Override
    public void close() {
        shutdown();
    }

    public String group() {
        return producer.group();
    }

    /**
     * Stores {@code message} as a half message, runs the local transaction with {@code arg}, and
     * sends its outcome. A half message that was not stored is rolled back without running it.
     */
    public TransactionSendResult sendInTransaction(Message message, Object arg)
            throws ClientException, InterruptedException {
        message.removeProperty(MessageProperties.DELAY);
        message.putProperty(MessageProperties.TRAN_MSG, "true");
        message.putProperty(MessageProperties.PRODUCER_GROUP, producer.group());
        SendResult half = producer.send(message);
        TransactionState state = TransactionState.ROLLBACK;
        String failure = null;
        if (half.sendStatus() == SendStatus.SEND_OK) {
            try {
                state = listener.executeLocal(message, arg);
            } catch (RuntimeException e) {
                state = null;
                failure = e.toString();
                LOG.warn("the local transaction of {} threw; its outcome is unknown until the broker checks",
                        half.msgId(), e);
            }
            if (state == null) {
                state = TransactionState.UNKNOWN;
            }
        }
        SendAttempt last = half.attempts().get(half.attempts().size() - 1);
        RemotingCommand end = end(producer.group(), half.queueOffset(),
                MessageIds.decode(half.offsetMsgId()).physicalOffset(), state, false, half.msgId(),
                half.transactionId(), failure);
        try {
            producer.instance().remoting().invokeOneway(last.brokerAddress(), end,
                    producer.instance().settings().callTimeoutMillis());
        } catch (Exception e) {
            // The broker checks back on a half message without an outcome: nothing is lost.
            LOG.warn("sending the outcome of {} to {} failed ({}); the broker will check it", half.msgId(),
                    last.brokerAddress(), e.toString());
        }
        return new TransactionSendResult(half, state);
    }

    /** A broker's CHECK_TRANSACTION_STATE for this group: answered on the check thread, over the same connection. */
    private void checkRequested(RemotingChannel channel, RemotingCommand request, StoredMessage message) {
        try {
            checks.execute(() -> answerCheck(channel, request, message));
        } catch (RejectedExecutionException | NullPointerException e) {
            LOG.warn("transaction check of {} dropped: the check queue is full or the producer stopped; the broker"
                    + " asks again", message.getUniqKey());
        }
    }

    private void answerCheck(RemotingChannel channel, RemotingCommand request, StoredMessage message) {
        TransactionState state;
        String failure = null;
        try {
            state = listener.check(message);
        } catch (RuntimeException e) {
            state = null;
            failure = e.toString();
            LOG.warn("the transaction check of {} threw", message.getUniqKey(), e);
        }
        if (state == null) {
            state = TransactionState.UNKNOWN;
        }
        String transactionId = request.ext("transactionId");
        channel.sendOneway(end(producer.group(), request.requiredLongExt("tranStateTableOffset"),
                request.requiredLongExt("commitLogOffset"), state, true, message.getUniqKey(),
                transactionId != null ? transactionId : message.getUniqKey(), failure));
    }

    private static RemotingCommand end(String group, long queueOffset, long commitLogOffset, TransactionState state,
            boolean fromCheck, String msgId, String transactionId, String remark) {
        RemotingCommand end = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", group)
                .putExt("tranStateTableOffset", queueOffset)
                .putExt("commitLogOffset", commitLogOffset)
                .putExt("commitOrRollback", state.wireValue())
                .putExt("fromTransactionCheck", Boolean.toString(fromCheck))
                .putExt("msgId", msgId)
                .markOneway();
        if (transactionId != null) {
            end.putExt("transactionId", transactionId);
        }
        end.setRemark(remark);
        return end;
    }
}
