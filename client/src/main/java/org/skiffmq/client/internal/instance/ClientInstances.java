package org.skiffmq.client.internal.instance;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.client.ClientException;

/**
 * The process's client instances, by instance name. The first producer of a name makes its
 * instance; the last one to leave ends it, releasing every thread and connection. A producer
 * group may be registered only once per instance. Thread-safe.
 */
public final class ClientInstances {
    private static final Map<String, ClientInstance> BY_NAME = new HashMap<>();

    private ClientInstances() {
    }

    /**
     * Registers a producer group, making and starting the instance when it is the first.
     *
     * @throws ClientException when the group is taken, the instance runs with other settings,
     *                         or the transport is not installed
     */
    public static ClientInstance register(ClientSettings settings, String producerGroup) throws ClientException {
        synchronized (BY_NAME) {
            ClientInstance instance = BY_NAME.get(settings.instanceName());
            if (instance != null && !instance.settings().equals(settings)) {
                throw new ClientException("Client instance '" + settings.instanceName() + "' already runs in this"
                        + " process with other settings (" + instance.settings() + ", this producer asks for "
                        + settings + "); give this producer another instanceName or the same settings");
            }
            boolean made = instance == null;
            if (made) {
                instance = new ClientInstance(settings, transport(settings.transport()));
                instance.start();
                BY_NAME.put(settings.instanceName(), instance);
            }
            if (!instance.addProducer(producerGroup)) {
                throw new ClientException("Producer group '" + producerGroup + "' is already in use by another"
                        + " producer of client instance " + instance.clientId() + " in this process; shut that"
                        + " producer down first, share it, or use another group name");
            }
            return instance;
        }
    }

    /** Unregisters a producer group; the instance ends when it was the last one. */
    public static void unregister(ClientInstance instance, String producerGroup) {
        boolean last;
        synchronized (BY_NAME) {
            last = instance.removeProducer(producerGroup);
            if (last) {
                BY_NAME.remove(instance.settings().instanceName(), instance);
            }
        }
        // Brokers are told outside the lock: a slow broker must not hold up other producers.
        instance.unregister(producerGroup);
        if (last) {
            instance.shutdown();
        }
    }

    private static TransportProvider transport(String name) throws ClientException {
        Set<String> installed = new TreeSet<>();
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            installed.add(provider.name());
        }
        throw new ClientException("No transport named '" + name + "' is installed (installed: " + installed
                + "); put skiffmq-transport-netty on the class path or module path");
    }
}
