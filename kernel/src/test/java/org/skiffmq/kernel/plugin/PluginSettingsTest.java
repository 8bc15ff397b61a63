package org.skiffmq.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.kernel.config.ConfigException;

class PluginSettingsTest {

    /** What a plugin's settings record looks like: boxed components, defaults and checks in the compact constructor. */
    public record RateSettings(Integer perSecond, String per, List<String> topics) {
        public RateSettings {
            if (perSecond == null || perSecond < 1) {
                throw new IllegalArgumentException("setting 'perSecond' must be a whole number of 1 or more; was "
                        + perSecond);
            }
            per = per == null ? "topic" : per;
        }
    }

    private final ExtensionCatalog catalog = ExtensionCatalog.discover(null);

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void sectionBindsToTheRecordAndMissingKeysTakeTheirDefaults() throws Exception {
        RateSettings s = PluginSettings.bind("max-rate", Map.of("perSecond", 100), RateSettings.class);
        assertEquals(new RateSettings(100, "topic", null), s);
    }

    @Test
    void unknownKeyIsNamedWithTheKeysThatExist() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.bind("max-rate", Map.of("perSecond", 1, "perMinute", 5), RateSettings.class));
        assertEquals("plugin max-rate: unknown setting 'perMinute'; the settings are [perSecond, per, topics]",
                e.getMessage());
    }

    @Test
    void valueOfTheWrongKindSaysWhatIsAllowedAndWhatWasGiven() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.bind("max-rate", Map.of("perSecond", "fast"), RateSettings.class));
        assertEquals("plugin max-rate: setting 'perSecond' must be a whole number; was 'fast'", e.getMessage());
    }

    @Test
    void refusalFromTheCompactConstructorIsShownAsTheRecordWordsIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.bind("max-rate", Map.of("perSecond", 0), RateSettings.class));
        assertEquals("plugin max-rate: setting 'perSecond' must be a whole number of 1 or more; was 0", e.getMessage());
    }

    @Test
    void missingSectionIsAnEmptyOneSoRequiredKeysAreEnforced() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.bind("max-rate", null, RateSettings.class));
        assertEquals("plugin max-rate: setting 'perSecond' must be a whole number of 1 or more; was null",
                e.getMessage());
    }

    @Test
    void sectionThatIsNotAMapIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.bind("max-rate", 5, RateSettings.class));
        assertEquals("plugin max-rate: its section must be a map of settings with the keys [perSecond, per, topics];"
                + " was 5", e.getMessage());
    }

    @Test
    void listWhereOneIsExpectedNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.bind("max-rate", Map.of("perSecond", 1, "topics", Map.of("a", 1)),
                        RateSettings.class));
        assertEquals("plugin max-rate: setting 'topics' must be a list; was {\"a\":1}", e.getMessage());
    }

    @Test
    void sectionForAnExtensionWithoutSettingsNamesIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.apply(Map.of("netty", Map.of("x", 1)), List.of(), catalog));
        assertEquals("plugin netty takes no settings; remove the 'netty' section from the configuration",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void sectionForNoInstalledExtensionIsAnUnknownKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginSettings.apply(Map.of("max-rat", Map.of()), List.of(), catalog));
        assertEquals("Unknown configuration key(s) [max-rat]: neither a SkiffMQ setting nor the name of an installed"
                + " extension; check the spelling", e.getMessage());
    }
}
