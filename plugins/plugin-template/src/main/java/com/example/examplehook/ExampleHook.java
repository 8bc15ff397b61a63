package com.example.examplehook;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;

/** Refuses messages without a tag, so consumers can always filter; the producer gets MESSAGE_ILLEGAL. */
public final class ExampleHook implements SendHook {

    @Override
    public String name() {
        return "example-hook"; // the name send.hooks lists
    }

    @Override
    public void before(SendContext context) throws SendRejectedException {
        String tags = context.message().getTags();
        if (tags == null || tags.isBlank()) {
            throw SendRejectedException.illegal("Message to topic " + context.topic()
                    + " has no tag; this broker requires one (example-hook). Set one: message.setTags(\"TagA\")");
        }
    }
}
