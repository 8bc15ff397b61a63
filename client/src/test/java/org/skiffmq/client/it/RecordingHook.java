package org.skiffmq.client.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;

/** A client send hook that writes down every attempt: before and after, where it went and how it ended. */
final class RecordingHook implements SendHook {

    /** One attempt as the after-hook saw it. */
    record Seen(String topic, String brokerName, String brokerAddress, int queueId, boolean succeeded, String msgId,
            long queueOffset, Throwable error, String uniqKey) {
    }

    final List<String> before = new CopyOnWriteArrayList<>();
    final List<Seen> after = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "test-recording";
    }

    @Override
    public void before(SendContext context) {
        before.add(context.brokerName() + "/" + context.queueId());
    }

    @Override
    public void after(SendContext context) {
        after.add(new Seen(context.topic(), context.brokerName(), context.brokerAddress(), context.queueId(),
                context.succeeded(), context.msgId(), context.queueOffset(), context.error(),
                context.message().getUniqKey()));
    }

    long attemptsTo(String brokerName) {
        return after.stream().filter(s -> s.brokerName().equals(brokerName)).count();
    }

    List<Seen> failures() {
        return after.stream().filter(s -> !s.succeeded()).toList();
    }
}
