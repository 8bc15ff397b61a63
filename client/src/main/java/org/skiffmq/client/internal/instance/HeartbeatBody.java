package org.skiffmq.client.internal.instance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * HEART_BEAT's body, RocketMQ's HeartbeatData JSON as the 5.x client writes it: keys in
 * alphabetical order, the producer groups (always with {@value #INNER_PRODUCER_GROUP}) and no
 * consumer groups.
 *
 * <pre>
 * {"clientID":"10.0.0.5@1234#99","consumerDataSet":[],"heartbeatFingerprint":0,
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + producerGroups.size() * 32);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("clientID", clientId);
            json.writeArrayFieldStart("consumerDataSet");
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

    private static void writeGroup(JsonGenerator json, String group) throws IOException {
        json.writeStartObject();
        json.writeStringField("groupName", group);
        json.writeEndObject();
    }
}
