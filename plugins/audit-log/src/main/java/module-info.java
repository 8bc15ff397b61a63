/** The {@code audit-log} send hook: one line per accepted message, written to a rotating file by a background writer. */
module org.skiffmq.plugin.auditlog {
    requires org.skiffmq.api;
    requires org.slf4j;

    // The broker binds AuditLogSettings by reflection.
    exports org.skiffmq.plugin.auditlog;

    provides org.skiffmq.api.hook.SendHook with org.skiffmq.plugin.auditlog.AuditLogHook;
}
