package org.skiffmq.client.it;

import java.util.ServiceLoader;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.TransportProvider;

/** Creates topics ahead of use, as an admin tool does: UPDATE_AND_CREATE_TOPIC to the broker. */
final class Topics {

    private Topics() {
    }

    static void create(String brokerAddress, String topic, int queues) throws Exception {
        TransportProvider netty = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("netty")).findFirst().orElseThrow();
        RemotingClient client = netty.createClient(ClientConfig.defaults());
        client.start();
        try {
            RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .putExt("topic", topic)
                    .putExt("defaultTopic", "TBW102")
                    .putExt("readQueueNums", queues)
                    .putExt("writeQueueNums", queues)
                    .putExt("perm", 6)
                    .putExt("topicFilterType", "SINGLE_TAG")
                    .putExt("topicSysFlag", 0)
                    .putExt("order", "false");
            RemotingCommand response = client.invokeSync(brokerAddress, request, 3000);
            if (response.getCode() != ResponseCode.SUCCESS) {
                throw new AssertionError("creating " + topic + " on " + brokerAddress + " failed: " + response);
            }
        } finally {
            client.shutdown();
        }
    }
}
