package org.skiffmq.kernel.plugin;

import java.nio.file.Path;
import java.util.Map;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;

/**
 * Where plugin settings come from when a hook is enabled or reloaded while the broker runs: the
 * configuration file, read again each time (so editing a section and reloading applies it), or,
 * for a broker started without a file, the sections it started with.
 */
public interface PluginSectionsSource {

    /** The plugin sections as they are now, by extension name. */
    Map<String, Object> sections() throws ConfigException;

    /** Where a user edits them, for messages. */
    String where();

    static PluginSectionsSource file(Path configFile) {
        return new PluginSectionsSource() {
            @Override
            public Map<String, Object> sections() throws ConfigException {
                return ConfigLoader.load(configFile).pluginSections();
            }

            @Override
            public String where() {
                return configFile.toString();
            }
        };
    }

    static PluginSectionsSource fixed(Map<String, Object> sections) {
        Map<String, Object> copy = Map.copyOf(sections);
        return new PluginSectionsSource() {
            @Override
            public Map<String, Object> sections() {
                return copy;
            }

            @Override
            public String where() {
                return "the configuration the broker started with";
            }
        };
    }
}
