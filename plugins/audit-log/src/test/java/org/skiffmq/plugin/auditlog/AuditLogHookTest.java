package org.skiffmq.plugin.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.message.Message;

class AuditLogHookTest {
    @TempDir
    Path dir;

    private final AuditLogHook hook = new AuditLogHook(
            Clock.fixed(Instant.parse("2026-11-25T01:20:00.123Z"), ZoneOffset.UTC));

    private static SendContext stored(String keys) {
        SendContext context = new SendContext(SendContext.Side.BROKER, "PG", new Message("Orders", null, keys,
                "x".getBytes()), "broker-a", "127.0.0.1:10911", "10.0.0.7:50312", 0);
        context.complete("7F000001000000000000002A", 3, 17);
        return context;
    }

    @Test
    void acceptedMessageIsOneLineWithEveryField() throws Exception {
        Path file = dir.resolve("audit.log");
        hook.configure(new AuditLogSettings(file.toString(), null, null, null));
        hook.after(stored("order-1 order-2"));
        hook.close();
        assertEquals(List.of("2026-11-25T01:20:00.123Z\ttopic=Orders\tqueue=3\tqueueOffset=17"
                + "\tmsgId=7F000001000000000000002A\tkeys=order-1 order-2\tproducerGroup=PG\tclient=10.0.0.7:50312"),
                Files.readAllLines(file));
    }

    @Test
    void failedSendIsNotAudited() throws Exception {
        Path file = dir.resolve("audit.log");
        hook.configure(new AuditLogSettings(file.toString(), null, null, null));
        SendContext failed = stored("k");
        failed.fail(new IllegalStateException("disk full"));
        hook.after(failed);
        hook.close();
        assertTrue(Files.notExists(file));
    }

    @Test
    void lineBreaksInValuesCannotSplitTheLine() throws Exception {
        Path file = dir.resolve("audit.log");
        hook.configure(new AuditLogSettings(file.toString(), null, null, null));
        hook.after(stored("a\nb\tc"));
        hook.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\tkeys=a b c\t"), lines.get(0));
    }

    @Test
    void settingsDefaultsAndSizes() {
        AuditLogSettings s = new AuditLogSettings("a.log", null, null, null);
        assertEquals(100L << 20, s.maxFileBytes());
        assertEquals(5, s.filesKept());
        assertEquals(10_000, s.queueCapacity());
        assertEquals(64L << 10, new AuditLogSettings("a.log", "64k", 1, 1).maxFileBytes());
        assertEquals(2048, new AuditLogSettings("a.log", "2048", 1, 1).maxFileBytes());
        assertEquals(4L << 20, new AuditLogSettings("a.log", "4mb", 1, 1).maxFileBytes(),
                "the broker's size rule, trailing b and all");
        assertEquals(1L << 30, new AuditLogSettings("a.log", "1G", 1, 1).maxFileBytes());
    }

    @Test
    void settingsRefuseValuesNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AuditLogSettings(null, null, null, null))
                .getMessage().startsWith("setting 'file' is required"));
        assertEquals("maxFileSize: 'big' is not a size; write bytes or a number with k, m or g",
                assertThrows(IllegalArgumentException.class, () -> new AuditLogSettings("a.log", "big", null, null))
                        .getMessage());
        assertEquals("setting 'maxFileSize' must be at least 1k (e.g. 100m); was '512'",
                assertThrows(IllegalArgumentException.class, () -> new AuditLogSettings("a.log", "512", null, null))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AuditLogSettings("a.log", null, 0, null))
                .getMessage().startsWith("setting 'filesKept' must be a whole number of 1 or more"));
    }
}
