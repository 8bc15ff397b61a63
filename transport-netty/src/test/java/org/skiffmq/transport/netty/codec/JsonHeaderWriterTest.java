package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RemotingCommand;

class JsonHeaderWriterTest {

    private static String write(RemotingCommand cmd) {
        ByteBuf out = Unpooled.buffer();
        try {
            JsonHeaderWriter.write(cmd, out);
            return out.toString(UTF_8);
        } finally {
            out.release();
        }
    }

    private static RemotingCommand command() {
        RemotingCommand cmd = RemotingCommand.response(0, null);
        cmd.setOpaque(5);
        return cmd;
    }

    @Test
    void keysAreAlphabeticalAndNullMembersLeftOut() {
        assertEquals("{\"code\":0,\"flag\":1,\"language\":\"JAVA\",\"opaque\":5,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":453}", write(command()));
    }

    @Test
    void emptyExtFieldsAreWrittenAsAnEmptyObject() {
        assertEquals("{\"code\":0,\"extFields\":{},\"flag\":1,\"language\":\"JAVA\",\"opaque\":5,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":453}", write(command().ensureExtFields()));
    }

    @Test
    void remarkSitsBetweenOpaqueAndSerializeType() {
        RemotingCommand cmd = command();
        cmd.setRemark("r");

        assertEquals("{\"code\":0,\"flag\":1,\"language\":\"JAVA\",\"opaque\":5,\"remark\":\"r\","
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":453}", write(cmd));
    }

    @Test
    void extFieldsKeepMapOrderAndSkipNullValues() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("z", "1");
        fields.put("gone", null);
        fields.put("a", "2");
        RemotingCommand cmd = command();
        cmd.setExtFields(fields);

        String json = write(cmd);
        assertTrue(json.startsWith("{\"code\":0,\"extFields\":{\"z\":\"1\",\"a\":\"2\"},\"flag\":1,"), json);
    }

    @Test
    void controlCharactersAreEscapedAsFastjsonDoes() {
        RemotingCommand cmd = command();
        cmd.setRemark("\u0001\u0002\u000b\u001f\b\t\n\f\r\"\\/\u007f\u009f\u00a0");

        String json = write(cmd);

        assertEquals("\"remark\":\"\\u0001\\u0002\\u000B\\u001F\\b\\t\\n\\f\\r\\\"\\\\/\\u007F\\u009F\u00a0\"",
                json.substring(json.indexOf("\"remark\""), json.indexOf(",\"serialize")));
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8() {
        RemotingCommand cmd = command();
        cmd.setRemark("h\u00e9 \u4e16 \uD83D\uDE00");

        assertEquals(cmd.getRemark(), JsonHeaderReader.read(write(cmd).getBytes(UTF_8)).getRemark());
    }

    @Test
    void extremeIntegersRoundTrip() {
        RemotingCommand cmd = command();
        cmd.setCode(Integer.MIN_VALUE);
        cmd.setOpaque(Integer.MAX_VALUE);
        cmd.setFlag(0);
        cmd.setVersion(-1);

        RemotingCommand back = JsonHeaderReader.read(write(cmd).getBytes(UTF_8));

        assertEquals(Integer.MIN_VALUE, back.getCode());
        assertEquals(Integer.MAX_VALUE, back.getOpaque());
        assertEquals(0, back.getFlag());
        assertEquals(-1, back.getVersion());
    }
}
