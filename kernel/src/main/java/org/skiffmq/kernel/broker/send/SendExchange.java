package org.skiffmq.kernel.broker.send;

import java.util.List;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.protocol.TopicConfig;

/**
 * One send request on its way through the pipeline: what each stage found or decided. Owned by
 * one thread at a time (the send executor, then the send answer executor).
 */
final class SendExchange {
    private final RemotingChannel channel;
    private final RemotingCommand request;
    private SendHeader header;
    private TopicConfig topicConfig;
    private int queueId;
    private List<BrokerMessage> messages;
    private List<SendContext> contexts;
    private PutResult putResult;
    private final HookChain hooks;

    SendExchange(RemotingChannel channel, RemotingCommand request, HookChain hooks) {
        this.channel = channel;
        this.request = request;
        this.hooks = hooks;
    }

    /** The send hooks this send runs, before and after the store: the chain current when it started. */
    HookChain hooks() {
        return hooks;
    }

    RemotingChannel channel() {
        return channel;
    }

    RemotingCommand request() {
        return request;
    }

    SendHeader header() {
        return header;
    }

    void setHeader(SendHeader header) {
        this.header = header;
    }

    TopicConfig topicConfig() {
        return topicConfig;
    }

    void setTopicConfig(TopicConfig topicConfig) {
        this.topicConfig = topicConfig;
    }

    /** The queue the message(s) go to, resolved from the header (a negative id means any). */
    int queueId() {
        return queueId;
    }

    void setQueueId(int queueId) {
        this.queueId = queueId;
    }

    List<BrokerMessage> messages() {
        return messages;
    }

    List<SendContext> contexts() {
        return contexts;
    }

    void setMessages(List<BrokerMessage> messages, List<SendContext> contexts) {
        this.messages = messages;
        this.contexts = contexts;
    }

    PutResult putResult() {
        return putResult;
    }

    void setPutResult(PutResult putResult) {
        this.putResult = putResult;
    }
}
