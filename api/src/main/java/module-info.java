/**
 * SkiffMQ's contracts, and nothing but the JDK: the message types, the Remoting command, and one
 * SPI per swappable stage. A plugin compiles against this module alone.
 *
 * <ul>
 *   <li>{@code transport}: {@link org.skiffmq.api.transport.TransportProvider} servers and clients;</li>
 *   <li>{@code store}: {@link org.skiffmq.api.store.StoreProvider} message stores;</li>
 *   <li>{@code hook}: {@link org.skiffmq.api.hook.SendHook} before/after a send, broker and client;</li>
 *   <li>{@code fault}: {@link org.skiffmq.api.fault.FaultStrategy} queue choice for producers;</li>
 *   <li>{@code access}: {@link org.skiffmq.api.access.AccessControl} who may make which request;</li>
 *   <li>{@code settings}: {@link org.skiffmq.api.settings.Configurable} for an extension that takes
 *       its settings from its section of the broker configuration, as a record.</li>
 * </ul>
 */
module org.skiffmq.api {
    exports org.skiffmq.api.message;
    exports org.skiffmq.api.remoting;
    exports org.skiffmq.api.transport;
    exports org.skiffmq.api.hook;
    exports org.skiffmq.api.fault;
    exports org.skiffmq.api.store;
    exports org.skiffmq.api.settings;
    exports org.skiffmq.api.access;
}
