package org.skiffmq.plugin.auditlog;

import java.time.Instant;
import org.skiffmq.api.hook.SendContext;

/**
 * One audit line: the time, then {@code key=value} fields separated by tabs (a message's keys
 * may hold spaces), on one line whatever the values hold.
 *
 * <pre>
 * 2026-11-25T01:20:00.123Z  topic=Orders  queue=3  queueOffset=17  msgId=7F00...  keys=order-1  producerGroup=PG  client=10.0.0.7:50312
 * </pre>
 */
final class AuditLine {

    private AuditLine() {
    }

    static String of(Instant time, SendContext context) {
        return time + "\ttopic=" + clean(context.topic())
                + "\tqueue=" + context.queueId()
                + "\tqueueOffset=" + context.queueOffset()
                + "\tmsgId=" + clean(context.msgId())
                + "\tkeys=" + clean(context.message().getKeys())
                + "\tproducerGroup=" + clean(context.producerGroup())
                + "\tclient=" + clean(context.clientAddress());
    }

    /** Tabs and line breaks inside a value would split the line or its fields. */
    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        return value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value
                : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
