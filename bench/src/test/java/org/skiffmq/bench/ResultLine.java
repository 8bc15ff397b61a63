package org.skiffmq.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and checks the {@code RESULT} line in the load tool's output. */
public final class ResultLine {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^RESULT tps=(\\d+\\.\\d) p50_ms=(\\d+\\.\\d{3}) p99_ms=(\\d+\\.\\d{3}) errors=(\\d+)"
                    + " p999_ms=\\d+\\.\\d{3} max_ms=\\d+\\.\\d{3} mib_s=\\d+\\.\\d{2} count=(\\d+) total=(\\d+)$");

    private ResultLine() {
    }

    /** The fields of the one RESULT line in {@code out}; fails the test when there is none. */
    public static Map<String, Double> parse(String out) {
        Matcher m = LINE.matcher(out);
        assertTrue(m.find(), () -> "no well-formed RESULT line in:\n" + out);
        Map<String, Double> fields = new HashMap<>();
        fields.put("tps", Double.parseDouble(m.group(1)));
        fields.put("p50_ms", Double.parseDouble(m.group(2)));
        fields.put("p99_ms", Double.parseDouble(m.group(3)));
        fields.put("errors", Double.parseDouble(m.group(4)));
        fields.put("count", Double.parseDouble(m.group(5)));
        fields.put("total", Double.parseDouble(m.group(6)));
        return fields;
    }
}
