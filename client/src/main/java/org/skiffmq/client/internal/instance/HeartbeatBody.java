package org.skiffmq.client.internal.instance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * HEART_BEAT's body, RocketMQ's HeartbeatData JSON as the 5.x client writes it: keys in
 * alphabetical order, the producer groups (always with {@value #INNER_PRODUCER_GROUP}) and the
 * consumer groups with their subscriptions.
 *
 * <pre>
 * {"clientID":"10.0.0.5@1234#99",
 *  "consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_FIRST_OFFSET","consumeType":"CONSUME_PASSIVELY",
 *    "groupName":"CG_DEMO","messageModel":"CLUSTERING",
 *    "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[2598919],"expressionType":"TAG",
 *      "subString":"TagA","subVersion":1795513657960,"tagsSet":["TagA"],"topic":"TopicDemo"}],
 *    "unitMode":false}],
 *  "heartbeatFingerprint":0,
 *  "producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"},{"groupName":"PG_DEMO"}],"withoutSub":false}
 * </pre>
 */
final class HeartbeatBody {
    /** The group every RocketMQ client instance reports, for the producer it uses internally. */
    static final String INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";
    private static final JsonFactory JSON = new JsonFactory();

    private HeartbeatBody() {
    }

    static byte[] encode(String clientId, Collection<String> producerGroups) {
        return encode(clientId, producerGroups, List.of());
    }

    static byte[] encode(String clientId, Collection<String> producerGroups,
            Collection<ConsumerRegistration> consumers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + producerGroups.size() * 32 + consumers.size() * 512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("clientID", clientId);
            json.writeArrayFieldStart("consumerDataSet");
            for (ConsumerRegistration consumer : consumers) {
                writeConsumer(json, consumer);
            }
            json.writeEndArray();
            json.writeNumberField("heartbeatFingerprint", 0);
            json.writeArrayFieldStart("producerDataSet");
            writeGroup(json, INNER_PRODUCER_GROUP);
            for (String group : producerGroups) {
                writeGroup(json, group);
            }
            json.writeEndArray();
            json.writeBooleanField("withoutSub", false);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the heartbeat body", e);
        }
        return out.toByteArray();
    }

    private static void writeConsumer(JsonGenerator json, ConsumerRegistration consumer) throws IOException {
        json.writeStartObject();
        json.writeStringField("consumeFromWhere", consumer.consumeFromWhere());
        json.writeStringField("consumeType", consumer.consumeType());
        json.writeStringField("groupName", consumer.group());
        json.writeStringField("messageModel", consumer.messageModel());
        json.writeArrayFieldStart("subscriptionDataSet");
        for (Subscription s : consumer.subscriptions()) {
            json.writeStartObject();
            json.writeBooleanField("classFilterMode", false);
            json.writeArrayFieldStart("codeSet");
            for (int code : s.codes()) {
                json.writeNumber(code);
            }
            json.writeEndArray();
            json.writeStringField("expressionType", "TAG");
            json.writeStringField("subString", s.expression());
            json.writeNumberField("subVersion", s.version());
            json.writeArrayFieldStart("tagsSet");
            for (String tag : s.tags()) {
                json.writeString(tag);
            }
            json.writeEndArray();
            json.writeStringField("topic", s.topic());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeBooleanField("unitMode", false);
        json.writeEndObject();
    }

    private static void writeGroup(JsonGenerator json, String group) throws IOException {
        json.writeStartObject();
        json.writeStringField("groupName", group);
        json.writeEndObject();
    }
}
