package org.skiffmq.bench;

import java.lang.management.ManagementFactory;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;

/** Starts the official client's producer the way every load of this tool uses it. */
final class Producers {

    private Producers() {
    }

    /**
     * One producer for all threads, as applications share one. No retries, so every failure is
     * counted; no body compression, so a 16 KiB body costs the broker what it costs, not the
     * client's zip.
     */
    static DefaultMQProducer start(BenchOptions options) throws MQClientException {
        RPCHook signer = options.accessKey() == null ? null
                : new AclClientRPCHook(new SessionCredentials(options.accessKey(), options.secretKey()));
        DefaultMQProducer producer = options.sendMode() == BenchOptions.SendMode.TRANSACTION
                ? committing(options.group(), signer) : new DefaultMQProducer(options.group(), signer);
        producer.setUseTLS(options.tls());
        producer.setNamesrvAddr(options.namesrv());
        producer.setInstanceName("bench-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + System.nanoTime());
        producer.setSendMsgTimeout(options.timeoutMillis());
        producer.setRetryTimesWhenSendFailed(0);
        producer.setRetryTimesWhenSendAsyncFailed(0);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.setMaxMessageSize(Math.max(4 * 1024 * 1024, options.size() + 64 * 1024));
        producer.start();
        return producer;
    }

    /** A transactional producer whose local transaction commits at once (the check never has to ask). */
    private static TransactionMQProducer committing(String group, RPCHook signer) {
        TransactionMQProducer producer = new TransactionMQProducer(group, signer);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        return producer;
    }
}
