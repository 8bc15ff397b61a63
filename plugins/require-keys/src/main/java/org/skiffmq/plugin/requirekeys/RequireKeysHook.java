package org.skiffmq.plugin.requirekeys;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;

/**
 * Refuses messages that carry no KEYS property, so every message can be found again by key.
 * The producer gets MESSAGE_ILLEGAL (not retried) with a remark saying how to fix the send.
 */
public final class RequireKeysHook implements SendHook {

    @Override
    public String name() {
        return "require-keys";
    }

    @Override
    public void before(SendContext context) throws SendRejectedException {
        String keys = context.message().getKeys();
        if (keys == null || keys.isBlank()) {
            throw SendRejectedException.illegal("Message to topic " + context.topic()
                    + " has no keys; this broker requires them (require-keys hook). Set keys on the message,"
                    + " e.g. message.setKeys(\"order-42\")");
        }
    }
}
