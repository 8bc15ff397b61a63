/** The {@code plain-acl} access control: RocketMQ-signed requests checked against a plain_acl.yml users file. */
module org.skiffmq.plugin.plainacl {
    requires org.skiffmq.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    // The broker binds PlainAclSettings by reflection; Jackson binds the users file.
    exports org.skiffmq.plugin.plainacl;
    provides org.skiffmq.api.access.AccessControl with org.skiffmq.plugin.plainacl.PlainAclControl;
}
