package org.skiffmq.kernel.plugin;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.skiffmq.api.settings.Configurable;
import org.skiffmq.kernel.config.ConfigException;

/**
 * Gives each plugin its section of the broker configuration as its settings record
 * ({@link Configurable}). Every section is bound and checked before any extension is configured,
 * so a bad value stops the start with one line naming the plugin, the key and what is allowed,
 * and no extension has seen half a configuration.
 */
public final class PluginSettings {
    // Records are bound through their canonical constructor; a key the record lacks is an error,
    // never silently ignored (a typo would otherwise run the defaults).
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PluginSettings() {
    }

    /**
     * Binds every section to its extension's settings record, and gives the send hooks named in
     * {@code activeHooks} that take settings an empty section when they have none; then
     * configures them all.
     *
     * @return the names of the extensions that were configured
     * @throws ConfigException naming the section, plugin or key at fault, in one line
     */
    public static Set<String> apply(Map<String, Object> sections, Collection<String> activeHooks,
            ExtensionCatalog catalog) throws ConfigException {
        Set<String> unknown = new TreeSet<>(sections.keySet());
        unknown.removeAll(catalog.allNames());
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key(s) " + unknown
                    + ": neither a SkiffMQ setting nor the name of an installed extension; check the spelling");
        }
        Map<String, Object> toBind = new LinkedHashMap<>(sections);
        for (String hook : activeHooks) {
            if (catalog.extension(hook) instanceof Configurable<?>) {
                toBind.putIfAbsent(hook, null);
            }
        }
        List<Runnable> configureAll = new ArrayList<>();
        for (Map.Entry<String, Object> section : toBind.entrySet()) {
            String name = section.getKey();
            if (!(catalog.extension(name) instanceof Configurable<?> configurable)) {
                throw new ConfigException("plugin " + name + " takes no settings; remove the '" + name
                        + "' section from the configuration");
            }
            configureAll.add(bound(name, section.getValue(), configurable));
        }
        configureAll.forEach(Runnable::run);
        return toBind.keySet();
    }

    /**
     * Configures one extension that takes settings from its section (null = none), as a start
     * does; for extensions enabled or reloaded while the broker runs. Does nothing for an
     * extension without settings.
     */
    public static void configure(String name, Object section, Object extension) throws ConfigException {
        if (extension instanceof Configurable<?> configurable) {
            bound(name, section, configurable).run();
        } else if (section != null) {
            throw new ConfigException("plugin " + name + " takes no settings; remove the '" + name
                    + "' section from the configuration");
        }
    }

    /** Binds one section; the returned action hands the settings over. */
    private static <S extends Record> Runnable bound(String name, Object section, Configurable<S> extension)
            throws ConfigException {
        S settings = bind(name, section, extension.settingsType());
        return () -> extension.configure(settings);
    }

    /** Binds {@code section} (parsed YAML/JSON: maps, lists, scalars; null = empty) to {@code type}. */
    static <S extends Record> S bind(String name, Object section, Class<S> type) throws ConfigException {
        return bindAs("plugin " + name, section, type);
    }

    /**
     * Binds a store's section (less {@code engine}) to the store's settings record, with errors
     * worded as for a plugin section.
     */
    public static <S extends Record> S bindStoreSettings(String engine, Object section, Class<S> type)
            throws ConfigException {
        return bindAs("store (engine " + engine + ")", section, type);
    }

    private static <S extends Record> S bindAs(String who, Object section, Class<S> type) throws ConfigException {
        JsonNode tree = section == null ? JsonNodeFactory.instance.objectNode() : MAPPER.valueToTree(section);
        if (!tree.isObject()) {
            throw new ConfigException(who + ": its section must be a map of settings with the keys "
                    + keys(type) + "; was " + shown(tree));
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(who + ": unknown setting '" + path(e) + "'; the settings are "
                    + keys(type), e);
        } catch (ValueInstantiationException e) {
            Throwable refusal = e.getCause();
            if (refusal instanceof IllegalArgumentException) {
                throw new ConfigException(who + ": " + refusal.getMessage(), e);
            }
            throw new ConfigException(who + ": its settings could not be made: " + refusal, e);
        } catch (MismatchedInputException e) {
            String key = path(e);
            throw new ConfigException(who + ": setting '" + key + "' must be " + kind(e.getTargetType())
                    + "; was " + shown(tree.at(pointer(e))), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(who + ": setting '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException(who + ": its settings could not be read: " + e.getMessage(), e);
        }
    }

    private static List<String> keys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static JsonPointer pointer(JsonMappingException e) {
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer = ref.getFieldName() != null ? pointer.appendProperty(ref.getFieldName())
                    : pointer.appendIndex(ref.getIndex());
        }
        return pointer;
    }

    /** What a value of {@code type} looks like, in the words of someone editing a YAML file. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a map of settings";
    }

    private static String shown(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }
}
