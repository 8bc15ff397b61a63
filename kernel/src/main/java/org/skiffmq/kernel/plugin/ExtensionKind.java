package org.skiffmq.kernel.plugin;

import java.util.List;
import java.util.function.Function;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.api.transport.TransportProvider;

/** A kind of extension the kernel looks for: its SPI type, what users call it, and how it is named. */
record ExtensionKind<T>(Class<T> type, String label, Function<T, String> nameOf) {
    static final ExtensionKind<TransportProvider> TRANSPORT =
            new ExtensionKind<>(TransportProvider.class, "transport", TransportProvider::name);
    static final ExtensionKind<StoreProvider> STORE = new ExtensionKind<>(StoreProvider.class, "store", StoreProvider::name);
    static final ExtensionKind<SendHook> SEND_HOOK = new ExtensionKind<>(SendHook.class, "send hook", SendHook::name);
    static final ExtensionKind<FaultStrategy> FAULT_STRATEGY =
            new ExtensionKind<>(FaultStrategy.class, "fault strategy", FaultStrategy::name);
    static final ExtensionKind<AccessControl> ACCESS_CONTROL =
            new ExtensionKind<>(AccessControl.class, "access control", AccessControl::name);
    static final List<ExtensionKind<?>> ALL = List.of(TRANSPORT, STORE, SEND_HOOK, FAULT_STRATEGY, ACCESS_CONTROL);

    String nameOf(Object extension) {
        return nameOf.apply(type.cast(extension));
    }
}
