package org.skiffmq.kernel.broker.admin;

import java.util.Map;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.TopicConfig;

/** UPDATE_AND_CREATE_TOPIC and GET_ALL_TOPIC_CONFIG: making topics ahead of use, and listing them. */
public final class TopicAdminProcessors {
    private static final int MAX_QUEUES = 1024;
    private final TopicConfigTable topics;

    public TopicAdminProcessors(TopicConfigTable topics) {
        this.topics = topics;
    }

    /** UPDATE_AND_CREATE_TOPIC: create or replace a topic; the table change re-registers the broker. */
    public RemotingCommand updateAndCreate(RemotingChannel channel, RemotingCommand request) throws Exception {
        String topic = request.requiredExt("topic");
        String problem = TopicNames.problem(topic);
        if (problem != null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, problem);
        }
        if (topic.equals(TopicNames.AUTO_CREATE_TEMPLATE) || TopicNames.isNotSendable(topic)) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "The topic " + topic + " is a system topic and cannot be created or changed");
        }
        int read = request.requiredIntExt("readQueueNums");
        int write = request.requiredIntExt("writeQueueNums");
        if (read < 1 || write < 1 || read > MAX_QUEUES || write > MAX_QUEUES) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "Queue counts must be between 1 and "
                    + MAX_QUEUES + "; got readQueueNums " + read + ", writeQueueNums " + write);
        }
        int perm = request.requiredIntExt("perm");
        String filterType = request.ext("topicFilterType");
        topics.put(new TopicConfig(topic, read, write, perm, filterType == null ? "SINGLE_TAG" : filterType,
                request.intExt("topicSysFlag", 0), request.booleanExt("order", false), Map.of()));
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** GET_ALL_TOPIC_CONFIG: the whole table with its data version. */
    public RemotingCommand getAll(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
        response.setBody(Json.toBytes(topics.snapshot()));
        return response;
    }
}
