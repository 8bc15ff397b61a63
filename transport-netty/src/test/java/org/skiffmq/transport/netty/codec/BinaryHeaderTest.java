package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.SerializeType;

class BinaryHeaderTest {

    private static RemotingCommand read(Consumer<ByteBuf> header) {
        ByteBuf buf = Unpooled.buffer();
        try {
            header.accept(buf);
            return BinaryHeaderReader.read(buf, 0, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    /** code 10, JAVA, version 453, opaque 9, flag 0. */
    private static void fixed(ByteBuf buf) {
        buf.writeShort(10).writeByte(0).writeShort(453).writeInt(9).writeInt(0);
    }

    private static void entry(ByteBuf buf, String key, String value) {
        byte[] k = key.getBytes(UTF_8);
        byte[] v = value.getBytes(UTF_8);
        buf.writeShort(k.length).writeBytes(k).writeInt(v.length).writeBytes(v);
    }

    @Test
    void fixedFieldsDecode() {
        RemotingCommand cmd = read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(0);
        });

        assertEquals(10, cmd.getCode());
        assertEquals(LanguageCode.JAVA, cmd.getLanguage());
        assertEquals(453, cmd.getVersion());
        assertEquals(9, cmd.getOpaque());
        assertEquals(SerializeType.ROCKETMQ, cmd.getSerializeType());
        assertNull(cmd.getRemark());
        assertNull(cmd.getExtFields());
    }

    @Test
    void zeroLengthValueDecodesToNull() {
        RemotingCommand cmd = read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(2 + 1 + 4);
            entry(buf, "k", "");
        });

        assertEquals(1, cmd.getExtFields().size());
        assertNull(cmd.ext("k"));
    }

    @Test
    void duplicateKeyKeepsTheLastValue() {
        RemotingCommand cmd = read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(2 * (2 + 1 + 4 + 1));
            entry(buf, "k", "1");
            entry(buf, "k", "2");
        });

        assertEquals(Map.of("k", "2"), cmd.getExtFields());
    }

    @Test
    void remarkLengthBeyondTheHeaderIsAFrameError() {
        assertThrows(RemotingFrameException.class, () -> read(buf -> {
            fixed(buf);
            buf.writeInt(1_000_000).writeInt(0);
        }));
    }

    @Test
    void negativeLengthsAreFrameErrors() {
        assertThrows(RemotingFrameException.class, () -> read(buf -> {
            fixed(buf);
            buf.writeInt(-1).writeInt(0);
        }));
        assertThrows(RemotingFrameException.class, () -> read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(7);
            buf.writeShort(-1).writeInt(0).writeByte(0);
        }));
    }

    @Test
    void extValueLengthBeyondTheMapIsAFrameError() {
        assertThrows(RemotingFrameException.class, () -> read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(2 + 1 + 4);
            buf.writeShort(1).writeByte('k').writeInt(Integer.MAX_VALUE);
        }));
    }

    @Test
    void mapEndingInsideAnEntryIsAFrameError() {
        assertThrows(RemotingFrameException.class, () -> read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(1);
            buf.writeByte(0);
        }));
    }

    @Test
    void headerShorterThanItsFixedPartIsAFrameError() {
        assertThrows(RemotingFrameException.class, () -> read(BinaryHeaderTest::fixed));
    }

    @Test
    void bytesAfterTheMapAreAFrameError() {
        assertThrows(RemotingFrameException.class, () -> read(buf -> {
            fixed(buf);
            buf.writeInt(0).writeInt(0).writeByte(1);
        }));
    }

    @Test
    void writerSkipsNullKeysAndValuesAndRoundTrips() {
        Map<String, String> fields = new HashMap<>();
        fields.put(null, "x");
        fields.put("gone", null);
        fields.put("kept", "v\u00e9");
        RemotingCommand cmd = RemotingCommand.request(320);
        cmd.setRemark("why \u4e16");
        cmd.setExtFields(fields);
        ByteBuf buf = Unpooled.buffer();
        try {
            BinaryHeaderWriter.write(cmd, buf);
            RemotingCommand back = BinaryHeaderReader.read(buf, 0, buf.readableBytes());

            assertEquals(Map.of("kept", "v\u00e9"), back.getExtFields());
            assertEquals("why \u4e16", back.getRemark());
            assertEquals(320, back.getCode());
            assertEquals(cmd.getOpaque(), back.getOpaque());
        } finally {
            buf.release();
        }
    }

    @Test
    void emptyRemarkAndValueTravelAsNull() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("empty", "");
        RemotingCommand cmd = RemotingCommand.request(1);
        cmd.setRemark("");
        cmd.setExtFields(fields);
        ByteBuf buf = Unpooled.buffer();
        try {
            BinaryHeaderWriter.write(cmd, buf);
            RemotingCommand back = BinaryHeaderReader.read(buf, 0, buf.readableBytes());

            assertNull(back.getRemark());
            assertEquals(List.of("empty"), List.copyOf(back.getExtFields().keySet()));
            assertNull(back.ext("empty"));
        } finally {
            buf.release();
        }
    }

    @Test
    void codeBeyondSixteenBitsCannotBeWritten() {
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> BinaryHeaderWriter.write(RemotingCommand.request(200050), buf));
        } finally {
            buf.release();
        }
    }
}
