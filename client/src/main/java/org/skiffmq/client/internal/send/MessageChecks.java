package org.skiffmq.client.internal.send;

import java.util.Collection;
import java.util.Set;
import org.skiffmq.api.message.Message;
import org.skiffmq.client.InvalidMessageException;

/**
 * The client's checks before anything is sent, with RocketMQ's limits: topic name (at most 127
 * characters of letters, digits, {@code %}, {@code -}, {@code _} and {@code |}; not a system
 * topic), a body that is present, not empty and within the size limit, and the batch rules.
 */
public final class MessageChecks {
    public static final int MAX_TOPIC_LENGTH = 127;
    public static final int MAX_GROUP_LENGTH = 255;
    /** Topics RocketMQ keeps for itself; brokers refuse sends to them. */
    private static final Set<String> SYSTEM_TOPICS = Set.of("TBW102", "SCHEDULE_TOPIC_XXXX",
            "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC",
            "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT");
    private static final String RETRY_TOPIC_PREFIX = "%RETRY%";

    private MessageChecks() {
    }

    /** @throws IllegalArgumentException when the group name cannot be used */
    public static void checkGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("The producer group is empty: give the producer a group name");
        }
        if (group.length() > MAX_GROUP_LENGTH) {
            throw new IllegalArgumentException("The producer group name is " + group.length()
                    + " characters long; at most " + MAX_GROUP_LENGTH + " are allowed");
        }
        String problem = nameProblem(group);
        if (problem != null) {
            throw new IllegalArgumentException("The producer group '" + group + "' " + problem);
        }
    }

    public static void checkTopic(String topic) throws InvalidMessageException {
        if (topic == null || topic.isBlank()) {
            throw new InvalidMessageException("The message has no topic: set one with message.setTopic(...)");
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new InvalidMessageException("The topic name is " + topic.length() + " characters long; at most "
                    + MAX_TOPIC_LENGTH + " are allowed");
        }
        String problem = nameProblem(topic);
        if (problem != null) {
            throw new InvalidMessageException("The topic '" + topic + "' " + problem);
        }
        if (SYSTEM_TOPICS.contains(topic)) {
            throw new InvalidMessageException("The topic '" + topic + "' is a RocketMQ system topic; producers may"
                    + " not send to it. Use a topic of your own");
        }
    }

    public static void checkMessage(Message message, int maxBodySize) throws InvalidMessageException {
        if (message == null) {
            throw new InvalidMessageException("The message is null");
        }
        checkTopic(message.getTopic());
        byte[] body = message.getBody();
        if (body == null) {
            throw new InvalidMessageException("The message to topic " + message.getTopic()
                    + " has no body (null): set a body of at least one byte");
        }
        if (body.length == 0) {
            throw new InvalidMessageException("The message to topic " + message.getTopic()
                    + " has an empty body: RocketMQ stores no empty messages; send at least one byte");
        }
        if (body.length > maxBodySize) {
            throw new InvalidMessageException("The message body is " + body.length + " bytes; the producer allows at"
                    + " most " + maxBodySize + " (maxMessageSize). Split it, or store it elsewhere and send a reference");
        }
    }

    /** Each message as {@link #checkMessage}, plus: one topic for all, no delay, no retry topic, not empty. */
    public static void checkBatch(Collection<Message> messages, int maxBodySize) throws InvalidMessageException {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidMessageException("The batch is empty: put at least one message in it");
        }
        String topic = null;
        for (Message message : messages) {
            checkMessage(message, maxBodySize);
            if (topic == null) {
                topic = message.getTopic();
            } else if (!topic.equals(message.getTopic())) {
                throw new InvalidMessageException("A batch goes to one topic, but it mixes " + topic + " and "
                        + message.getTopic() + ": send one batch per topic");
            }
            if (message.getDelayLevel() > 0) {
                throw new InvalidMessageException("Batches cannot hold delayed messages (delay level "
                        + message.getDelayLevel() + "): send delayed messages one by one");
            }
        }
        if (topic.startsWith(RETRY_TOPIC_PREFIX)) {
            throw new InvalidMessageException("Batches cannot be sent to retry topics (" + topic + ")");
        }
    }

    private static String nameProblem(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '-' || c == '_' || c == '|';
            if (!ok) {
                return "contains the character '" + c + "'; only letters, digits, '%', '-', '_' and '|' are allowed";
            }
        }
        return null;
    }
}
