package org.skiffmq.client.internal.route;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.client.NoRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the name servers for topic routes (GET_ROUTEINFO_BY_TOPIC). Sticks to the name server
 * that last answered; one that cannot be reached is skipped and the next is asked, so any live
 * name server is enough. Thread-safe.
 */
public final class NameServerClient {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerClient.class);

    private final RemotingClient remoting;
    private final List<String> addresses;
    private final long callTimeoutMillis;
    private final AtomicInteger preferred = new AtomicInteger();

    public NameServerClient(RemotingClient remoting, List<String> addresses, long callTimeoutMillis) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one name-server address is needed");
        }
        this.remoting = remoting;
        this.addresses = List.copyOf(addresses);
        this.callTimeoutMillis = callTimeoutMillis;
    }

    public List<String> addresses() {
        return addresses;
    }

    /**
     * The topic's route, or null when the name server answers TOPIC_NOT_EXIST.
     *
     * @throws NoRouteException when no name server answered, or one answered with another error
     */
    public TopicRoute route(String topic, long timeoutMillis) throws NoRouteException, InterruptedException {
        long timeout = Math.max(1, Math.min(timeoutMillis, callTimeoutMillis));
        List<String> failures = new ArrayList<>();
        int first = preferred.get();
        for (int i = 0; i < addresses.size(); i++) {
            int index = (first + i) % addresses.size();
            String address = addresses.get(index);
            RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic);
            RemotingCommand response;
            try {
                response = remoting.invokeSync(address, request, timeout);
            } catch (RemotingException e) {
                LOG.debug("Name server {} did not answer the route of {}: {}", address, topic, e.getMessage());
                failures.add(address + ": " + e.getMessage());
                continue;
            }
            preferred.set(index);
            if (response.getCode() == ResponseCode.TOPIC_NOT_EXIST) {
                return null;
            }
            if (response.getCode() != ResponseCode.SUCCESS) {
                throw new NoRouteException("Name server " + address + " answered code " + response.getCode()
                        + " to the route request for topic " + topic + ": " + response.getRemark());
            }
            try {
                return RouteJson.parse(response.getBody());
            } catch (IllegalArgumentException e) {
                throw new NoRouteException("Name server " + address + " sent a route for topic " + topic
                        + " that cannot be read: " + e.getMessage(), e);
            }
        }
        throw new NoRouteException("No name server answered the route request for topic " + topic + ": "
                + String.join("; ", failures) + ". Check the name-server addresses " + addresses);
    }
}
