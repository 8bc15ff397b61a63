package org.skiffmq.kernel.broker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * GET_BROKER_CONFIG (26) and UPDATE_BROKER_CONFIG (25). The configuration is shown as
 * {@code key=value} lines, as RocketMQ's tools read them: the broker.yaml keys in dotted form
 * ({@code store.flush}), and under RocketMQ's names the ones the Dashboard shows (brokerName,
 * brokerClusterName, namesrvAddr, flushDiskType, ...).
 *
 * <p>An update changes only the keys {@link RuntimeKey} lists, from the broker's own machine
 * (there is no access control yet), all or nothing: a key that cannot change while the broker
 * runs, a value that does not parse, or a caller elsewhere refuses the whole update, naming why.
 * A change lasts until the broker stops; broker.yaml decides again at the next start.
 */
public final class BrokerConfigProcessors {
    private final Map<String, String> yamlKeys;
    private final List<RuntimeKey> runtimeKeys;
    /** Values changed while running, by yaml key: GET shows them. */
    private final Map<String, String> changed = new ConcurrentHashMap<>();
    private final Supplier<Map<String, String>> rocketMqKeys;
    private final String version;

    /**
     * @param config       the broker's configuration as a JSON tree (its yaml keys)
     * @param rocketMqKeys RocketMQ-named keys with their values now (the port bound, the role held)
     * @param bootMillis   when the configuration was loaded: its data version's timestamp
     * @param runtimeKeys  the keys an update may change while the broker runs
     */
    public BrokerConfigProcessors(JsonNode config, Supplier<Map<String, String>> rocketMqKeys, long bootMillis,
            List<RuntimeKey> runtimeKeys) {
        this.runtimeKeys = List.copyOf(runtimeKeys);
        Map<String, String> flat = new TreeMap<>();
        flatten("", config, flat);
        this.yamlKeys = Map.copyOf(flat);
        this.rocketMqKeys = rocketMqKeys;
        this.version = "{\"counter\":1,\"stateVersion\":0,\"timestamp\":" + bootMillis + "}";
    }

    public RemotingCommand get(RemotingChannel channel, RemotingCommand request) {
        Map<String, String> properties = new TreeMap<>(yamlKeys);
        properties.putAll(changed);
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
        List<String> fixed = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> shown = new TreeMap<>();
        for (String key : new TreeSet<>(asked.stringPropertyNames())) {
            RuntimeKey runtime = runtimeKeys.stream().filter(k -> k.names(key)).findFirst().orElse(null);
            if (runtime == null) {
                fixed.add(key);
                continue;
            }
            String value = asked.getProperty(key).trim();
            try {
                changes.add(runtime.parse().apply(value));
                shown.put(runtime.yamlKey(), value);
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        if (!fixed.isEmpty()) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "SkiffMQ cannot change " + String.join(", ", fixed)
                    + " while the broker runs (change conf/broker.yaml and restart); nothing was changed. Keys that can"
                    + " change at runtime: " + runtimeNames());
        }
        if (!problems.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "nothing was changed: " + String.join("; ",
                    problems));
        }
        changes.forEach(Runnable::run);
        changed.putAll(shown);
        return RemotingCommand.response(ResponseCode.SUCCESS, "changed " + String.join(", ", shown.keySet())
                + " until the broker stops");
    }

    private String runtimeNames() {
        List<String> names = new ArrayList<>();
        for (RuntimeKey k : runtimeKeys) {
            names.add(k.rocketMqKey() + " (" + k.yamlKey() + ")");
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /**
     * A key an update may change while the broker runs, by its broker.yaml and its RocketMQ name;
     * {@code parse} checks a value (IllegalArgumentException naming what is wrong) and returns the
     * change, which runs only once every key of the update parsed.
     */
    public record RuntimeKey(String yamlKey, String rocketMqKey, Function<String, Runnable> parse) {
        boolean names(String key) {
            return yamlKey.equals(key) || rocketMqKey.equals(key);
        }

        /** A true/false value. */
        public static boolean bool(String value) {
            if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
                throw new IllegalArgumentException("'" + value + "' is not true or false");
            }
            return Boolean.parseBoolean(value);
        }

        /** A whole number in {@code [min, max]}. */
        public static long number(String value, long min, long max) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(n + " is outside " + min + ".." + max);
            }
            return n;
        }
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
