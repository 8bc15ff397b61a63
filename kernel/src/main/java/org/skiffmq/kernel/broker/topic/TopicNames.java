package org.skiffmq.kernel.broker.topic;

import java.util.Set;

/** Topic names RocketMQ reserves, and the name rules every topic follows. */
public final class TopicNames {
    /** The template topic new topics inherit from when auto-creation is on. */
    public static final String AUTO_CREATE_TEMPLATE = "TBW102";
    public static final int MAX_LENGTH = 127;
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";

    private static final Set<String> NOT_SENDABLE = Set.of("SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT");

    private TopicNames() {
    }

    /** Why a topic name is not allowed, or null when it is fine. */
    public static String problem(String topic) {
        if (topic == null || topic.isBlank()) {
            return "The topic name is blank; give the message a topic";
        }
        if (topic.length() > MAX_LENGTH) {
            return "The topic name is " + topic.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%'
                    || c == '|' || c == '-' || c == '_';
            if (!ok) {
                return "The topic name '" + topic + "' contains the illegal character '" + c
                        + "'; use only letters, digits, '%', '|', '-' and '_'";
            }
        }
        return null;
    }

    /**
     * Whether RocketMQ counts the topic as a system one (its metrics' {@code is_system}): the
     * broker's own topics, the auto-create template, and any {@code rmq_sys_} topic.
     */
    public static boolean isSystem(String topic) {
        return NOT_SENDABLE.contains(topic) || AUTO_CREATE_TEMPLATE.equals(topic) || "RMQ_SYS_TRACE_TOPIC".equals(topic)
                || "BenchmarkTest".equals(topic) || topic.regionMatches(true, 0, "rmq_sys_", 0, 8);
    }

    /** System topics producers may not send to directly. */
    public static boolean isNotSendable(String topic) {
        return NOT_SENDABLE.contains(topic);
    }
}
