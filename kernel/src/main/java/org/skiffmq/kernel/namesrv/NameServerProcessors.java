package org.skiffmq.kernel.namesrv;

import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.RegisterBrokerBody;
import org.skiffmq.kernel.protocol.TopicConfigWrapper;
import org.skiffmq.kernel.protocol.TopicRouteData;

/** The name server's request handlers: each method answers one request code from the route table. */
final class NameServerProcessors {
    private final RouteInfoTable routes;
    private final long defaultBrokerTimeoutMillis;

    NameServerProcessors(RouteInfoTable routes, long defaultBrokerTimeoutMillis) {
        this.routes = routes;
        this.defaultBrokerTimeoutMillis = defaultBrokerTimeoutMillis;
    }

    /** REGISTER_BROKER: record the broker and merge its topics. */
    RemotingCommand registerBroker(RemotingChannel channel, RemotingCommand request) {
        String brokerName = request.requiredExt("brokerName");
        String brokerAddr = request.requiredExt("brokerAddr");
        String clusterName = request.requiredExt("clusterName");
        long brokerId = request.requiredLongExt("brokerId");
        long timeout = request.longExt("heartbeatTimeoutMillis", defaultBrokerTimeoutMillis);
        if (request.booleanExt("compressed", false)) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "compressed REGISTER_BROKER bodies are not supported; set compressedRegister=false on the broker");
        }
        RegisterBrokerBody body = request.getBody() == null || request.getBody().length == 0 ? null
                : Json.fromBytes(request.getBody(), RegisterBrokerBody.class);
        TopicConfigWrapper table = body == null ? null : body.topicConfigSerializeWrapper();
        long stateVersion = table == null || table.dataVersion() == null ? 0 : table.dataVersion().stateVersion();
        String refused = routes.register(new RouteInfoTable.Registration(clusterName, brokerName, brokerAddr, brokerId,
                timeout, table == null ? null : table.topicConfigTable(), channel, stateVersion));
        if (refused != null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, refused).ensureExtFields();
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** UNREGISTER_BROKER: drop the broker now rather than at its timeout. */
    RemotingCommand unregisterBroker(RemotingChannel channel, RemotingCommand request) {
        routes.unregister(request.requiredExt("brokerAddr"));
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    /** GET_ROUTEINFO_BY_TOPIC: the route, or TOPIC_NOT_EXIST (clients then fall back to TBW102). */
    RemotingCommand routeInfo(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        TopicRouteData route = routes.route(topic);
        if (route == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic);
        }
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(Json.toBytes(route));
        return response;
    }

    /** GET_BROKER_CLUSTER_INFO. */
    RemotingCommand clusterInfo(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(Json.toBytes(routes.clusterInfo()));
        return response;
    }

    /** GET_ALL_TOPIC_LIST_FROM_NAMESERVER. */
    /** DELETE_TOPIC_IN_NAMESRV: the topic's route goes; its brokers delete their own copy (215). */
    RemotingCommand deleteTopic(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        boolean had = routes.deleteTopic(topic);
        return RemotingCommand.response(ResponseCode.SUCCESS, had ? null : "no route for topic " + topic);
    }

    RemotingCommand topicList(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(Json.toBytes(routes.topics()));
        return response;
    }
}
