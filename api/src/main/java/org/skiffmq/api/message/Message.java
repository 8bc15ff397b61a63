package org.skiffmq.api.message;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message as a producer builds it: topic, user flag, properties and body. Not thread-safe; a
 * message belongs to one send at a time.
 */
public class Message {
    private String topic;
    private int flag;
    private Map<String, String> properties;
    private byte[] body;

    public Message() {
    }

    public Message(String topic, byte[] body) {
        this.topic = topic;
        this.body = body;
    }

    public Message(String topic, String tags, String keys, byte[] body) {
        this(topic, body);
        if (tags != null) {
            setTags(tags);
        }
        if (keys != null) {
            setKeys(keys);
        }
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }

    /** The live property map (created on first use); changes are seen by the send. */
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = new LinkedHashMap<>();
        }
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    public String getProperty(String name) {
        return properties == null ? null : properties.get(name);
    }

    /** Sets a property; a null value removes it. */
    public void putProperty(String name, String value) {
        if (value == null) {
            removeProperty(name);
        } else {
            getProperties().put(name, value);
        }
    }

    public String removeProperty(String name) {
        return properties == null ? null : properties.remove(name);
    }

    public String getTags() {
        return getProperty(MessageProperties.TAGS);
    }

    public void setTags(String tags) {
        putProperty(MessageProperties.TAGS, tags);
    }

    public String getKeys() {
        return getProperty(MessageProperties.KEYS);
    }

    /** Business keys; several keys are separated by a space, as RocketMQ does. */
    public void setKeys(String keys) {
        putProperty(MessageProperties.KEYS, keys);
    }

    /** Delay level 1..18 (0 = none). */
    public int getDelayLevel() {
        String level = getProperty(MessageProperties.DELAY);
        return level == null ? 0 : Integer.parseInt(level);
    }

    public void setDelayLevel(int level) {
        putProperty(MessageProperties.DELAY, level == 0 ? null : Integer.toString(level));
    }

    /** The producer-generated unique key (RocketMQ's client msgId), or null. */
    public String getUniqKey() {
        return getProperty(MessageProperties.UNIQ_KEY);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Message)) {
            return false;
        }
        Message that = (Message) o;
        return flag == that.flag && Objects.equals(topic, that.topic)
                && Objects.equals(getProperties(), that.getProperties()) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, flag, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{topic=" + topic + ", flag=" + flag + ", properties=" + properties
                + ", body=" + (body == null ? 0 : body.length) + " bytes}";
    }
}
