package org.skiffmq.client.internal.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.remoting.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's client send hooks, in order: {@code before} each attempt (a refusal, or any
 * exception, stops the send) and {@code after} it (exceptions are logged and ignored).
 */
public final class SendHookChain {
    private static final Logger LOG = LoggerFactory.getLogger(SendHookChain.class);

    private final List<SendHook> hooks;

    public SendHookChain(List<SendHook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /**
     * The installed hooks with these names, in this order, found with ServiceLoader as the
     * broker finds its own.
     *
     * @throws IllegalArgumentException naming a hook that is not installed, and listing those that are
     */
    public static List<SendHook> load(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, SendHook> installed = new TreeMap<>();
        for (SendHook hook : ServiceLoader.load(SendHook.class)) {
            installed.putIfAbsent(hook.name(), hook);
        }
        List<SendHook> hooks = new ArrayList<>(names.size());
        for (String name : names) {
            SendHook hook = installed.get(name);
            if (hook == null) {
                throw new IllegalArgumentException("No send hook named '" + name + "' is installed (installed: "
                        + installed.keySet() + "); check the name, or put the jar that provides it on the class path");
            }
            hooks.add(hook);
        }
        return hooks;
    }

    void before(SendContext context) throws SendRejectedException {
        for (SendHook hook : hooks) {
            try {
                hook.before(context);
            } catch (SendRejectedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, "client send hook '" + hook.name()
                        + "' failed: " + e);
            }
        }
    }

    void after(SendContext context) {
        for (SendHook hook : hooks) {
            try {
                hook.after(context);
            } catch (RuntimeException e) {
                LOG.warn("Client send hook '{}' failed after a send to {}; ignored", hook.name(), context.topic(), e);
            }
        }
    }
}
