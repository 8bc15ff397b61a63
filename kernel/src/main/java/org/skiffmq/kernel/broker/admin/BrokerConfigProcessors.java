package org.skiffmq.kernel.broker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * GET_BROKER_CONFIG (26) and UPDATE_BROKER_CONFIG (25). The configuration is shown as
 * {@code key=value} lines, as RocketMQ's tools read them: the broker.yaml keys in dotted form
 * ({@code store.flush}), and under RocketMQ's names the ones the Dashboard shows (brokerName,
 * brokerClusterName, namesrvAddr, flushDiskType, ...). No key can change while the broker runs
 * yet, so an update is refused, naming the keys, rather than taken and ignored.
 */
public final class BrokerConfigProcessors {
    private final Map<String, String> yamlKeys;
    private final Supplier<Map<String, String>> rocketMqKeys;
    private final String version;

    /**
     * @param config       the broker's configuration as a JSON tree (its yaml keys)
     * @param rocketMqKeys RocketMQ-named keys with their values now (the port bound, the role held)
     * @param bootMillis   when the configuration was loaded: its data version's timestamp
     */
    public BrokerConfigProcessors(JsonNode config, Supplier<Map<String, String>> rocketMqKeys, long bootMillis) {
        Map<String, String> flat = new TreeMap<>();
        flatten("", config, flat);
        this.yamlKeys = Map.copyOf(flat);
        this.rocketMqKeys = rocketMqKeys;
        this.version = "{\"counter\":1,\"stateVersion\":0,\"timestamp\":" + bootMillis + "}";
    }

    public RemotingCommand get(RemotingChannel channel, RemotingCommand request) {
        Map<String, String> properties = new TreeMap<>(yamlKeys);
        properties.putAll(rocketMqKeys.get());
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("version", version);
        response.setBody(text.toString().getBytes(StandardCharsets.UTF_8));
        return response;
    }

    public RemotingCommand update(RemotingChannel channel, RemotingCommand request) throws java.io.IOException {
        byte[] body = request.getBody();
        if (body == null || body.length == 0) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "UPDATE_BROKER_CONFIG needs key=value lines in"
                    + " its body; it had none");
        }
        Properties asked = new Properties();
        asked.load(new java.io.StringReader(new String(body, StandardCharsets.UTF_8)));
        if (asked.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "UPDATE_BROKER_CONFIG named no key");
        }
        TreeSet<String> keys = new TreeSet<>(asked.stringPropertyNames());
        return RemotingCommand.response(ResponseCode.NO_PERMISSION, "SkiffMQ cannot change " + String.join(", ", keys)
                + " while the broker runs; no key can be updated at runtime yet. Change conf/broker.yaml and restart"
                + " the broker");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : node) {
                joined.append(joined.length() == 0 ? "" : ",").append(element.isValueNode() ? element.asText()
                        : element.toString());
            }
            out.put(prefix, joined.toString());
        } else {
            out.put(prefix, node.asText());
        }
    }
}
