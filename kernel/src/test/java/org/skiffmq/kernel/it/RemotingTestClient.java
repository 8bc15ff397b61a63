package org.skiffmq.kernel.it;

import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.transport.netty.NettyTransportProvider;

/** Hand-built Remoting requests, for what the official client's own checks would never send. */
final class RemotingTestClient implements AutoCloseable {
    private final RemotingClient client = new NettyTransportProvider().createClient(ClientConfig.defaults());
    private final String address;

    RemotingTestClient(String address) {
        this.address = address;
        client.start();
    }

    /** A SEND_MESSAGE_V2 request with the one-letter header keys the official client sends. */
    static RemotingCommand sendV2(String topic, int queueId, String properties, byte[] body) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "PG_RAW")
                .putExt("b", topic)
                .putExt("c", "TBW102")
                .putExt("d", "4")
                .putExt("e", Integer.toString(queueId))
                .putExt("f", "0")
                .putExt("g", Long.toString(System.currentTimeMillis()))
                .putExt("h", "0")
                .putExt("i", properties)
                .putExt("j", "0")
                .putExt("k", "false")
                .putExt("m", "false");
        request.setBody(body);
        return request;
    }

    RemotingCommand call(RemotingCommand request) throws Exception {
        return call(request, 5000);
    }

    RemotingCommand call(RemotingCommand request, long timeoutMillis) throws Exception {
        return client.invokeSync(address, request, timeoutMillis);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
