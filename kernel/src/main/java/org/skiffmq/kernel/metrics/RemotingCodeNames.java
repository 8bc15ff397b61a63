package org.skiffmq.kernel.metrics;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;

/**
 * Request and response codes as RocketMQ's metrics label them: the constant's name in lower case
 * ({@code send_message_v2}, {@code success}); a code without a name keeps its number.
 */
final class RemotingCodeNames {
    private static final Map<Integer, String> REQUESTS = names(RequestCode.class);
    private static final Map<Integer, String> RESPONSES = names(ResponseCode.class);

    private RemotingCodeNames() {
    }

    static String request(int code) {
        String name = REQUESTS.get(code);
        return name != null ? name : Integer.toString(code);
    }

    static String response(int code) {
        String name = RESPONSES.get(code);
        return name != null ? name : Integer.toString(code);
    }

    private static Map<Integer, String> names(Class<?> constants) {
        Map<Integer, String> names = new HashMap<>();
        for (Field f : constants.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName().toLowerCase(Locale.ROOT));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
