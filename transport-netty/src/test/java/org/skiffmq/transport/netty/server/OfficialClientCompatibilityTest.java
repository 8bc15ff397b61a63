package org.skiffmq.transport.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ServerConfig;

/** The official RocketMQ 5.2.0 Remoting client, unchanged, against this server. */
class OfficialClientCompatibilityTest {
    private static final int ECHO = 100;
    private static final int RECORDS = 107;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<org.skiffmq.api.remoting.RemotingCommand> recorded = new LinkedBlockingQueue<>();
    private NettyRemotingServer server;
    private NettyRemotingClient official;
    private String address;

    @BeforeEach
    void start() throws Exception {
        server = new NettyRemotingServer(ServerConfig.of("127.0.0.1", 0));
        server.registerProcessor(ECHO, (channel, request) -> {
            org.skiffmq.api.remoting.RemotingCommand response =
                    org.skiffmq.api.remoting.RemotingCommand.response(ResponseCode.SUCCESS, "hello \u4e16");
            response.putExt("echo", request.ext("k"));
            response.putExt("header", request.getSerializeType().name());
            response.setBody(request.getBody());
            return response;
        }, executor);
        server.registerProcessor(RECORDS, (channel, request) -> {
            recorded.add(request);
            return null;
        }, executor);
        server.start();
        address = "127.0.0.1:" + server.localAddress().getPort();
        official = new NettyRemotingClient(new NettyClientConfig());
        official.start();
    }

    @AfterEach
    void stop() {
        official.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private static RemotingCommand request(int code, SerializeType type) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        request.setSerializeTypeCurrentRPC(type);
        request.addExtField("k", "v\u0001\u0002");
        request.setBody(new byte[] {1, 2, 3});
        return request;
    }

    @Test
    void officialJsonRequestGetsAnAnswerItDecodes() throws Exception {
        RemotingCommand response = official.invokeSync(address, request(ECHO, SerializeType.JSON), 5_000);

        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertEquals("hello \u4e16", response.getRemark());
        assertEquals("v\u0001\u0002", response.getExtFields().get("echo"));
        assertEquals("JSON", response.getExtFields().get("header"));
        assertEquals(3, response.getBody().length);
    }

    @Test
    void officialBinaryRequestGetsAnAnswerItDecodes() throws Exception {
        RemotingCommand response = official.invokeSync(address, request(ECHO, SerializeType.ROCKETMQ), 5_000);

        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertEquals("v\u0001\u0002", response.getExtFields().get("echo"));
        assertEquals("ROCKETMQ", response.getExtFields().get("header"));
    }

    @Test
    void officialClientSeesUnknownCodesAsNotSupported() throws Exception {
        RemotingCommand response = official.invokeSync(address, request(9999, SerializeType.JSON), 5_000);

        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
        assertEquals(" request type 9999 not supported", response.getRemark());
    }

    @Test
    void officialOnewayRequestReachesItsProcessor() throws Exception {
        official.invokeOneway(address, request(RECORDS, SerializeType.JSON), 5_000);

        org.skiffmq.api.remoting.RemotingCommand received = recorded.poll(10, TimeUnit.SECONDS);
        assertNotNull(received);
        assertTrue(received.isOneway());
        assertEquals("v\u0001\u0002", received.ext("k"));
    }
}
