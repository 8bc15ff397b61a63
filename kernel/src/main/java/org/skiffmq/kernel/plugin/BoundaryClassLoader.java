package org.skiffmq.kernel.plugin;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader that lends it only what {@link PluginBoundary} shares: those classes
 * come from the broker; every other class comes from the plugin's own jars or not at all.
 */
final class BoundaryClassLoader extends PluginClassLoader {
    private final String pluginId;

    BoundaryClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.APD);
        this.pluginId = descriptor.getPluginId();
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (PluginBoundary.isShared(className)) {
            return super.loadClass(className);
        }
        synchronized (getClassLoadingLock(className)) {
            Class<?> loaded = findLoadedClass(className);
            if (loaded != null) {
                return loaded;
            }
            try {
                return findClass(className);
            } catch (ClassNotFoundException e) {
                throw new ClassNotFoundException(className + " is not in plugin " + pluginId + " and the broker "
                        + "does not lend it: " + PluginBoundary.rule(), e);
            }
        }
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return PluginBoundary.isShared(className);
    }
}
