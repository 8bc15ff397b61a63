package org.skiffmq.kernel.broker.client;

import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.json.Json;

/** HEART_BEAT and UNREGISTER_CLIENT: keep the client registry current. */
public final class ClientProcessors {
    private final ClientRegistry registry;

    public ClientProcessors(ClientRegistry registry) {
        this.registry = registry;
    }

    /** HEART_BEAT: register the client's groups; the answer always carries ext fields. */
    public RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) {
        HeartbeatData data = Json.fromBytes(request.getBody(), HeartbeatData.class);
        if (data.clientID() == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the heartbeat body has no clientID")
                    .ensureExtFields();
        }
        registry.heartbeat(channel, request.getVersion(), data);
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** UNREGISTER_CLIENT: one request per group the client leaves. */
    public RemotingCommand unregister(RemotingChannel channel, RemotingCommand request) {
        String clientId = request.requiredExt("clientID");
        registry.unregisterProducer(request.ext("producerGroup"), clientId);
        registry.unregisterConsumer(request.ext("consumerGroup"), clientId);
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }
}
