package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;

class JsonHeaderReaderTest {

    private static RemotingCommand read(String json) {
        return JsonHeaderReader.read(json.getBytes(UTF_8));
    }

    @Test
    void minimalResponseGetsFastjsonDefaults() {
        RemotingCommand cmd = read("{\"code\":0,\"flag\":1,\"opaque\":5}");

        assertEquals(0, cmd.getCode());
        assertEquals(1, cmd.getFlag());
        assertEquals(5, cmd.getOpaque());
        assertEquals(0, cmd.getVersion());
        assertEquals(LanguageCode.JAVA, cmd.getLanguage());
        assertNull(cmd.getExtFields());
        assertNull(cmd.getRemark());
    }

    @Test
    void emptyObjectIsAValidHeader() {
        assertEquals(0, read(" { } ").getCode());
    }

    @Test
    void whitespaceAroundTokensIsTolerated() {
        RemotingCommand cmd = read(" {\n\t\"code\" : 105 ,\r\n \"extFields\" : { \"topic\" : \"T\" } , \"opaque\":-7 }\n");

        assertEquals(105, cmd.getCode());
        assertEquals(-7, cmd.getOpaque());
        assertEquals(Map.of("topic", "T"), cmd.getExtFields());
    }

    @Test
    void languageMayBeANameOrANumber() {
        assertEquals(LanguageCode.GO, read("{\"language\":\"GO\"}").getLanguage());
        assertEquals(LanguageCode.CPP, read("{\"language\":1}").getLanguage());
        assertEquals(LanguageCode.OTHER, read("{\"language\":\"COBOL\"}").getLanguage());
    }

    @Test
    void numericStringsAreAcceptedForIntegerFields() {
        assertEquals(42, read("{\"code\":\"42\"}").getCode());
    }

    @Test
    void extFieldsKeepWireOrder() {
        RemotingCommand cmd = read("{\"extFields\":{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\"}}");

        assertEquals(List.of("z", "a", "m"), List.copyOf(cmd.getExtFields().keySet()));
    }

    @Test
    void extFieldNumbersAndBooleansBecomeTextAndNullsAreDropped() {
        RemotingCommand cmd = read("{\"extFields\":{\"n\":-12.5,\"t\":true,\"f\":false,\"x\":null,\"o\":{\"a\":1},"
                + "\"arr\":[1,2],\"s\":\"v\"}}");

        assertEquals(List.of("n", "t", "f", "s"), List.copyOf(cmd.getExtFields().keySet()));
        assertEquals("-12.5", cmd.ext("n"));
        assertEquals("true", cmd.ext("t"));
        assertEquals("false", cmd.ext("f"));
    }

    @Test
    void duplicateExtKeyKeepsTheLastValue() {
        assertEquals("2", read("{\"extFields\":{\"k\":\"1\",\"k\":\"2\"}}").ext("k"));
    }

    @Test
    void unknownKeysAreSkippedWhateverTheirValue() {
        RemotingCommand cmd = read("{\"serializeTypeCurrentRPC\":\"JSON\",\"x\":{\"a\":[1,{\"b\":\"}]\"}],\"c\":null},"
                + "\"y\":[[[]]],\"z\":true,\"w\":1e5,\"code\":9}");

        assertEquals(9, cmd.getCode());
    }

    @Test
    void standardEscapesDecode() {
        RemotingCommand cmd = read("{\"remark\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}");

        assertEquals("q\" b\\ s/ \b\f\n\r\t", cmd.getRemark());
    }

    @Test
    void unicodeEscapesDecodeIncludingSurrogatePairs() {
        RemotingCommand cmd = read("{\"remark\":\"\\u0001x\\u00e9\\uD83D\\uDE00\"}");

        assertEquals("\u0001x\u00e9\uD83D\uDE00", cmd.getRemark());
    }

    @Test
    void rawUtf8TextDecodes() {
        assertEquals("h\u00e9llo \u4e16\u754c \uD83D\uDE00", read("{\"remark\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE00\"}").getRemark());
    }

    @Test
    void escapedKeyIsRecognised() {
        assertEquals(3, read("{\"\\u0063ode\":3}").getCode());
    }

    @Test
    void nullMembersKeepDefaults() {
        RemotingCommand cmd = read("{\"code\":null,\"remark\":null,\"extFields\":null,\"language\":null}");

        assertEquals(0, cmd.getCode());
        assertNull(cmd.getRemark());
        assertNull(cmd.getExtFields());
        assertEquals(LanguageCode.JAVA, cmd.getLanguage());
    }

    @Test
    void readsFromADirectBufferRegion() {
        byte[] json = "xx{\"code\":7}yy".getBytes(UTF_8);
        ByteBuf direct = Unpooled.directBuffer(json.length).writeBytes(json);
        try {
            assertEquals(7, JsonHeaderReader.read(direct, 2, json.length - 4).getCode());
        } finally {
            direct.release();
        }
    }

    @Test
    void notJsonIsAFrameError() {
        assertThrows(RemotingFrameException.class, () -> read("hello"));
        assertThrows(RemotingFrameException.class, () -> read(""));
        assertThrows(RemotingFrameException.class, () -> read("[1,2]"));
    }

    @Test
    void truncatedJsonIsAFrameError() {
        for (String broken : List.of("{", "{\"code\"", "{\"code\":", "{\"code\":1", "{\"code\":1,",
                "{\"remark\":\"abc", "{\"remark\":\"a\\u00", "{\"x\":{\"a\":[1,2}", "{\"extFields\":{\"a\":")) {
            assertThrows(RemotingFrameException.class, () -> read(broken), broken);
        }
    }

    @Test
    void badTokensAreFrameErrors() {
        for (String broken : List.of("{\"code\":1.5}", "{\"code\":99999999999}", "{\"code\":abc}",
                "{\"remark\":\"\\q\"}", "{\"remark\":\"\\uZZZZ\"}", "{\"code\":1 \"flag\":2}", "{code:1}",
                "{\"code\":1}x", "{\"remark\":7}", "{\"extFields\":[]}")) {
            assertThrows(RemotingFrameException.class, () -> read(broken), broken);
        }
    }

    @Test
    void deeplyNestedUnknownValueDoesNotOverflowTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertEquals(1, read("{\"x\":" + deep + ",\"code\":1}").getCode());
    }
}
