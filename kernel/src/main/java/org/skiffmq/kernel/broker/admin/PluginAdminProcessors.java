package org.skiffmq.kernel.broker.admin;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.skiffmq.api.remoting.HeaderFieldException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.kernel.access.LocalCallers;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.InstalledPlugin;
import org.skiffmq.kernel.plugin.LoadedPlugin;
import org.skiffmq.kernel.plugin.PluginControlException;

/**
 * SkiffMQ's plugin-control requests ({@code bin/skiff plugins}). Each answers SUCCESS with the
 * resulting {@link org.skiffmq.kernel.protocol.PluginsInfo} as its body and a remark saying what
 * changed, or SYSTEM_ERROR with a remark saying why nothing did. They load code into the broker,
 * so they are served to clients on the broker's own machine only, and (under access control) to
 * admin users only; {@code plugins.control: false} turns every change off.
 */
public final class PluginAdminProcessors {
    private final PluginControl control;
    private final boolean changesAllowed;

    /**
     * @param changesAllowed {@code plugins.control}: false refuses every request that changes
     *                       plugins or hooks; listing them still works
     */
    public PluginAdminProcessors(PluginControl control, boolean changesAllowed) {
        this.control = control;
        this.changesAllowed = changesAllowed;
    }

    /** The processor for each plugin-control request code. */
    public Map<Integer, RequestProcessor> byCode() {
        return Map.of(
                RequestCode.SKIFF_PLUGINS_LIST, guarded(false, request -> "plugins listed"),
                RequestCode.SKIFF_PLUGINS_INSTALL, guarded(true, this::install),
                RequestCode.SKIFF_HOOKS_ENABLE, guarded(true, request -> "send hooks now "
                        + control.enable(request.requiredExt("hook"), request.intExt("position", 0))),
                RequestCode.SKIFF_HOOKS_DISABLE, guarded(true, request -> "send hooks now "
                        + control.disable(request.requiredExt("hook"))),
                RequestCode.SKIFF_HOOKS_ORDER, guarded(true, request -> "send hooks now "
                        + control.order(names(request.requiredExt("hooks")))),
                RequestCode.SKIFF_PLUGINS_RELOAD, guarded(true, this::reload),
                RequestCode.SKIFF_PLUGINS_LOAD, guarded(true, this::load));
    }

    private String install(RemotingCommand request) throws PluginControlException {
        Path zip = Path.of(request.requiredExt("path"));
        if (!zip.isAbsolute()) {
            throw new PluginControlException("The plugin path must be absolute (the broker reads it, on its machine);"
                    + " got " + zip);
        }
        InstalledPlugin plugin = control.install(zip);
        return "installed plugin " + plugin.id() + " " + plugin.version() + " without running it; load it to run its"
                + " code (skiff plugins load " + plugin.id() + "), then enable its hooks";
    }

    private String load(RemotingCommand request) throws PluginControlException {
        LoadedPlugin plugin = control.load(request.requiredExt("plugin"));
        return "loaded plugin " + plugin.id() + " " + plugin.version() + " with " + plugin.extensions().keySet()
                + "; enable its hooks to use them";
    }

    private String reload(RemotingCommand request) throws PluginControlException {
        ExtensionCatalog.Reloaded reloaded = control.reload(request.requiredExt("plugin"));
        return "reloaded plugin " + reloaded.current().id() + ": " + reloaded.previous().version() + " -> "
                + reloaded.current().version() + "; sends under way finish with the previous load";
    }

    /** Hook names from {@code a,b,c}; an empty text is no hooks. */
    private static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private RequestProcessor guarded(boolean changes, Action action) {
        return (RemotingChannel channel, RemotingCommand request) -> {
            if (changes && !changesAllowed) {
                return RemotingCommand.response(ResponseCode.NO_PERMISSION, "Plugin control is turned off on this"
                        + " broker (plugins.control: false); change plugins in its configuration and restart it");
            }
            if (!LocalCallers.isLocal(channel)) {
                return RemotingCommand.response(ResponseCode.NO_PERMISSION, "Plugin control is served to clients on "
                        + "the broker's machine only; run bin/skiff plugins there");
            }
            try {
                String done = action.run(request);
                RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, done).ensureExtFields();
                response.setBody(Json.toBytes(control.list()));
                return response;
            } catch (PluginControlException | HeaderFieldException | IllegalArgumentException e) {
                return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
            }
        };
    }

    @FunctionalInterface
    private interface Action {
        String run(RemotingCommand request) throws PluginControlException;
    }
}
