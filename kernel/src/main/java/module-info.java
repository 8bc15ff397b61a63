/**
 * SkiffMQ's kernel: finds the installed extensions, reads the configuration, and assembles the
 * broker (send pipeline, processors, topic table, registration) and the name server from them.
 * It knows the SPIs only, never a concrete transport or store.
 */
module org.skiffmq.kernel {
    requires transitive org.skiffmq.api;
    requires org.slf4j;
    requires pf4j;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;

    exports org.skiffmq.kernel;
    exports org.skiffmq.kernel.config;
    exports org.skiffmq.kernel.plugin;
    exports org.skiffmq.kernel.namesrv;
    exports org.skiffmq.kernel.broker;
    exports org.skiffmq.kernel.broker.admin;
    exports org.skiffmq.kernel.broker.send;
    exports org.skiffmq.kernel.broker.topic;
    exports org.skiffmq.kernel.broker.consume;
    exports org.skiffmq.kernel.protocol;
    exports org.skiffmq.kernel.metrics;
    exports org.skiffmq.kernel.access;

    // Jackson binds configuration and Remoting bodies by reflection.
    opens org.skiffmq.kernel.config to com.fasterxml.jackson.databind;
    opens org.skiffmq.kernel.protocol to com.fasterxml.jackson.databind;
    opens org.skiffmq.kernel.broker.client to com.fasterxml.jackson.databind;
    opens org.skiffmq.kernel.broker.consume to com.fasterxml.jackson.databind;
    opens org.skiffmq.kernel.broker.admin to com.fasterxml.jackson.databind;
    opens org.skiffmq.kernel.broker.group to com.fasterxml.jackson.databind;
    opens org.skiffmq.kernel.broker.stats to com.fasterxml.jackson.databind;

    uses org.skiffmq.api.transport.TransportProvider;
    uses org.skiffmq.api.store.StoreProvider;
    uses org.skiffmq.api.hook.SendHook;
    uses org.skiffmq.api.fault.FaultStrategy;
    uses org.skiffmq.api.access.AccessControl;
}
