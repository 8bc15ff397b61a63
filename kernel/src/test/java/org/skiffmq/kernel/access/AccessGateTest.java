package org.skiffmq.kernel.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.access.AccessDecision;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.access.RequestAccess.Role;
import org.skiffmq.api.access.ResourceAccess;
import org.skiffmq.api.access.ResourceAccess.Permission;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;

class AccessGateTest {
    static final RemotingChannel LOOPBACK = channel(new InetSocketAddress("127.0.0.1", 5000));
    static final RemotingChannel REMOTE = channel(new InetSocketAddress("10.0.0.7", 5000));
    static final RemotingChannel UNKNOWN = channel(null);

    @Test
    void withoutAccessControlAdminRequestsComeFromThisMachineOnly() {
        AccessGate gate = new AccessGate(AccessRequest.BROKER, null);
        RemotingCommand create = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC);

        assertNull(gate.refusal(LOOPBACK, create));
        RemotingCommand remote = gate.refusal(REMOTE, create);
        assertEquals(ResponseCode.NO_PERMISSION, remote.getCode());
        assertTrue(remote.getRemark().contains("turn on access control"), remote.getRemark());
        assertEquals(ResponseCode.NO_PERMISSION, gate.refusal(UNKNOWN, create).getCode());
        // Client requests and reads stay open, as they are without access control.
        assertNull(gate.refusal(REMOTE, send("Orders")));
        assertNull(gate.refusal(REMOTE, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO)));
    }

    @Test
    void aCodeWithoutARuleIsRefusedEvenWithoutAccessControl() {
        RemotingCommand unknown = RemotingCommand.request(4242);
        RemotingCommand refused = new AccessGate(AccessRequest.BROKER, null).refusal(LOOPBACK, unknown);
        assertEquals(ResponseCode.NO_PERMISSION, refused.getCode());
        assertTrue(refused.getRemark().contains("no access rule"), refused.getRemark());
    }

    @Test
    void theControlSeesTheClassifiedRequestAndItsRefusalIsTheAnswer() {
        AtomicReference<AccessRequest> seen = new AtomicReference<>();
        AccessGate gate = new AccessGate(AccessRequest.BROKER, control(request -> {
            seen.set(request);
            return AccessDecision.deny("user 'x' has no PUB on topic 'Orders'");
        }));

        RemotingCommand refused = gate.refusal(REMOTE, send("Orders"));

        assertEquals(ResponseCode.NO_PERMISSION, refused.getCode());
        assertEquals("user 'x' has no PUB on topic 'Orders'", refused.getRemark());
        assertEquals(Role.USER, seen.get().access().role());
        assertEquals(List.of(ResourceAccess.topic("Orders", Permission.PUB)), seen.get().access().resources());
        assertEquals("10.0.0.7", seen.get().remote().getAddress().getHostAddress());
    }

    @Test
    void aRequestThatCannotBeClassifiedOrAControlThatThrowsIsRefused() {
        AccessGate allowAll = new AccessGate(AccessRequest.BROKER, control(request -> AccessDecision.allow()));
        RemotingCommand noTopic = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        assertTrue(allowAll.refusal(LOOPBACK, noTopic).getRemark().contains("no 'b' field"));
        RemotingCommand badHeartbeat = RemotingCommand.request(RequestCode.HEART_BEAT);
        badHeartbeat.setBody("{not json".getBytes(StandardCharsets.UTF_8));
        assertTrue(allowAll.refusal(LOOPBACK, badHeartbeat).getRemark().contains("not JSON"));

        AccessGate throwing = new AccessGate(AccessRequest.BROKER, control(request -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(ResponseCode.NO_PERMISSION, throwing.refusal(LOOPBACK, send("Orders")).getCode());
        AccessGate silent = new AccessGate(AccessRequest.BROKER, control(request -> null));
        assertEquals(ResponseCode.NO_PERMISSION, silent.refusal(LOOPBACK, send("Orders")).getCode());
    }

    @Test
    void consumersAreClassifiedByTopicGroupAndRetryTopic() {
        RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT);
        heartbeat.setBody(("{\"clientID\":\"c1\",\"consumerDataSet\":[{\"groupName\":\"billing\","
                + "\"subscriptionDataSet\":[{\"topic\":\"Orders\"},{\"topic\":\"%RETRY%billing\"}]}],"
                + "\"producerDataSet\":[{\"groupName\":\"p\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(ResourceAccess.group("billing"), ResourceAccess.topic("Orders", Permission.SUB),
                ResourceAccess.group("billing")), AccessRules.classify(heartbeat).resources());

        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE);
        pull.putExt("topic", "Orders").putExt("consumerGroup", "billing");
        assertEquals(List.of(ResourceAccess.topic("Orders", Permission.SUB), ResourceAccess.group("billing")),
                AccessRules.classify(pull).resources());

        RemotingCommand retrySend = send("%RETRY%billing");
        assertEquals(List.of(ResourceAccess.group("billing")), AccessRules.classify(retrySend).resources());
        assertThrows(IllegalArgumentException.class, () -> AccessRules.classify(RemotingCommand.request(4242)));
        assertNotNull(AccessRules.role(RequestCode.SKIFF_PLUGINS_INSTALL));
        assertEquals(Role.ADMIN, AccessRules.role(RequestCode.SKIFF_PLUGINS_INSTALL));
    }

    private static RemotingCommand send(String topic) {
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        send.putExt("a", "pg").putExt("b", topic);
        return send;
    }

    private static AccessControl control(java.util.function.Function<AccessRequest, AccessDecision> decide) {
        return new AccessControl() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public AccessDecision check(AccessRequest request) {
                return decide.apply(request);
            }
        };
    }

    private static RemotingChannel channel(InetSocketAddress remote) {
        return new RemotingChannel() {
            @Override
            public InetSocketAddress remoteAddress() {
                return remote;
            }

            @Override
            public String remoteAddressString() {
                return String.valueOf(remote);
            }

            @Override
            public void writeResponse(RemotingCommand request, RemotingCommand response) {
            }

            @Override
            public void sendOneway(RemotingCommand request) {
            }

            @Override
            public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }

            @Override
            public boolean isActive() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
