package org.skiffmq.client.fault;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.skiffmq.api.fault.FaultStrategy;

/**
 * Finds fault strategies by name with ServiceLoader: the two built-ins and any a plugin jar on
 * the class path or module path provides. Each lookup makes a new instance, because a strategy
 * holds one producer's memory of brokers.
 */
public final class FaultStrategies {

    private FaultStrategies() {
    }

    /**
     * A new instance of the strategy named {@code name}.
     *
     * @throws IllegalArgumentException naming the strategy and listing the installed ones
     */
    public static FaultStrategy create(String name) {
        Set<String> installed = new TreeSet<>();
        try {
            for (FaultStrategy strategy : ServiceLoader.load(FaultStrategy.class)) {
                if (strategy.name().equals(name)) {
                    return strategy;
                }
                installed.add(strategy.name());
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("A fault strategy on the class path could not be loaded: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException("No fault strategy named '" + name + "' is installed (installed: "
                + installed + "); pick one of those, or put the jar that provides it on the class path");
    }
}
