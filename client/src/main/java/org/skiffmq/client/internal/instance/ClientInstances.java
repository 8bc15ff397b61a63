package org.skiffmq.client.internal.instance;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.client.ClientException;

/**
 * The process's client instances, by instance name. The first producer or consumer of a name
 * makes its instance; the last one to leave ends it, releasing every thread and connection. A
 * producer group, and a consumer group, may be registered only once per instance. Thread-safe.
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
            ClientInstance instance = joinOrMake(settings, "producer");
            if (!instance.addProducer(producerGroup)) {
                endIfUnused(instance);
                throw new ClientException("Producer group '" + producerGroup + "' is already in use by another"
                        + " producer of client instance " + instance.clientId() + " in this process; shut that"
                        + " producer down first, share it, or use another group name");
            }
            return instance;
        }
    }

    /**
     * Registers a consumer group, making and starting the instance when it is the first. The
     * caller sends the first heartbeat ({@link ClientInstance#heartbeatNow()}) once its routes
     * are known.
     *
     * @throws ClientException when the group is taken, the instance runs with other settings,
     *                         or the transport is not installed
     */
    public static ClientInstance registerConsumer(ClientSettings settings, ConsumerRegistration consumer)
            throws ClientException {
        synchronized (BY_NAME) {
            ClientInstance instance = joinOrMake(settings, "consumer");
            if (!instance.addConsumer(consumer)) {
                endIfUnused(instance);
                throw new ClientException("Consumer group '" + consumer.group() + "' is already in use by another"
                        + " consumer of client instance " + instance.clientId() + " in this process; shut that"
                        + " consumer down first, or give this one another instanceName (a separate client) or group");
            }
            return instance;
        }
    }

    /** Unregisters a consumer group from every broker; the instance ends when it was the last user. */
    public static void unregisterConsumer(ClientInstance instance, String consumerGroup) {
        boolean last;
        synchronized (BY_NAME) {
            last = instance.removeConsumer(consumerGroup);
            if (last) {
                BY_NAME.remove(instance.settings().instanceName(), instance);
            }
        }
        instance.unregisterConsumer(consumerGroup);
        if (last) {
            instance.shutdown();
        }
    }

    private static ClientInstance joinOrMake(ClientSettings settings, String role) throws ClientException {
        ClientInstance instance = BY_NAME.get(settings.instanceName());
        if (instance != null && !instance.settings().equals(settings)) {
            throw new ClientException("Client instance '" + settings.instanceName() + "' already runs in this"
                    + " process with other settings (" + instance.settings() + ", this " + role + " asks for "
                    + settings + "); give this " + role + " another instanceName or the same settings");
        }
        if (instance == null) {
            instance = new ClientInstance(settings, transport(settings.transport()));
            instance.start();
            BY_NAME.put(settings.instanceName(), instance);
        }
        return instance;
    }

    /** Ends an instance made for a registration that was then refused. Called holding the lock. */
    private static void endIfUnused(ClientInstance instance) {
        if (instance.unused()) {
            BY_NAME.remove(instance.settings().instanceName(), instance);
            instance.shutdown();
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
