package org.skiffmq.plugin.auditlog;

import java.nio.file.Path;
import java.time.Clock;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.settings.Configurable;

/**
 * Writes one line per accepted message (time, topic, queue, queue offset, msgId, keys, producer
 * group, client) to a rotating file. The send thread only formats the line and queues it; an
 * {@link AuditWriter} thread writes it, and when it cannot keep up lines are dropped and counted
 * rather than slowing sends.
 */
public final class AuditLogHook implements SendHook, Configurable<AuditLogSettings>, AutoCloseable {
    private final Clock clock;
    private volatile AuditWriter writer;

    public AuditLogHook() {
        this(Clock.systemUTC());
    }

    /** With a clock, so tests control the time on each line. */
    AuditLogHook(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "audit-log";
    }

    @Override
    public Class<AuditLogSettings> settingsType() {
        return AuditLogSettings.class;
    }

    @Override
    public void configure(AuditLogSettings settings) {
        // Nothing is opened here: the writer opens the file and starts its thread on the first line.
        writer = new AuditWriter(new RollingFile(Path.of(settings.file()), settings.maxFileBytes(),
                settings.filesKept()), settings.queueCapacity());
    }

    @Override
    public void after(SendContext context) {
        AuditWriter w = writer;
        if (w == null) {
            throw new IllegalStateException("audit-log has no settings; the broker configures it before the first"
                    + " send, so it was used outside a broker");
        }
        if (context.succeeded()) {
            w.offer(AuditLine.of(clock.instant(), context));
        }
    }

    /** Lines dropped since the start because the writer could not keep up or could not write. */
    public long dropped() {
        AuditWriter w = writer;
        return w == null ? 0 : w.dropped();
    }

    /** Writes what is queued and closes the file; called by the broker at shutdown. */
    @Override
    public void close() {
        AuditWriter w = writer;
        if (w != null) {
            w.close();
        }
    }
}
