package org.skiffmq.kernel.broker.admin;

import java.util.List;
import org.skiffmq.api.access.RequestSigner;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.kernel.access.SigningClient;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.plugin.PluginControlException;
import org.skiffmq.kernel.protocol.PluginsInfo;

/** The client side of plugin control: one Remoting request per operation, to one broker. */
public final class PluginAdminClient implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 30_000;
    private final RemotingClient client;
    private final String broker;

    public PluginAdminClient(TransportProvider transport, String brokerAddress) {
        this(transport, brokerAddress, null);
    }

    /** @param signer signs each request as an admin user for a broker under access control, or null */
    public PluginAdminClient(TransportProvider transport, String brokerAddress, RequestSigner signer) {
        RemotingClient plain = transport.createClient(new ClientConfig(3000, 16 * 1024 * 1024, 1, 0));
        this.client = signer == null ? plain : new SigningClient(plain, signer);
        this.broker = brokerAddress;
        client.start();
    }

    /** What the broker did (its remark) and the plugins and hooks as they are now. */
    public record Outcome(String done, PluginsInfo state) {
    }

    public Outcome list() throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_PLUGINS_LIST));
    }

    /** Installs a zip; {@code path} is read by the broker, on its machine. */
    public Outcome install(String path) throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_PLUGINS_INSTALL).putExt("path", path));
    }

    /** Enables a hook at a 1-based position (0: last). */
    public Outcome enable(String hook, int position) throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_HOOKS_ENABLE).putExt("hook", hook)
                .putExt("position", position));
    }

    public Outcome disable(String hook) throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_HOOKS_DISABLE).putExt("hook", hook));
    }

    /** Makes exactly these hooks, in this order, the active chain. */
    public Outcome order(List<String> hooks) throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_HOOKS_ORDER).putExt("hooks", String.join(",", hooks)));
    }

    public Outcome reload(String pluginId) throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_PLUGINS_RELOAD).putExt("plugin", pluginId));
    }

    /** Loads an installed plugin: its code runs. */
    public Outcome load(String pluginId) throws PluginControlException {
        return call(RemotingCommand.request(RequestCode.SKIFF_PLUGINS_LOAD).putExt("plugin", pluginId));
    }

    private Outcome call(RemotingCommand request) throws PluginControlException {
        RemotingCommand response;
        try {
            response = client.invokeSync(broker, request, TIMEOUT_MILLIS);
        } catch (RemotingException e) {
            throw new PluginControlException("Cannot reach the broker at " + broker + ": " + e.getMessage()
                    + "; is it running, and is that its listen address?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginControlException("Interrupted while waiting for the broker at " + broker);
        }
        if (response.getCode() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            throw new PluginControlException("The broker at " + broker + " does not serve plugin control "
                    + "(not SkiffMQ, or an older version)");
        }
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new PluginControlException(response.getRemark());
        }
        return new Outcome(response.getRemark(), Json.fromBytes(response.getBody(), PluginsInfo.class));
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
