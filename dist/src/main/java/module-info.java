/**
 * The {@code bin/skiff} command line: starts a standalone broker, a broker, or a name server from
 * the distribution's configuration. The transport and store it runs with are bound from the
 * module path through the kernel's ServiceLoader lookups.
 */
module org.skiffmq.dist {
    requires org.skiffmq.kernel;
    requires org.slf4j;

    opens org.skiffmq.dist;

    // skiff dist finds which module provides the chosen store and transport.
    uses org.skiffmq.api.store.StoreProvider;
    uses org.skiffmq.api.transport.TransportProvider;
}
