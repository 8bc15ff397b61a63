package org.skiffmq.api.settings;

/**
 * An extension that takes settings: its section of the broker configuration (the top-level key is
 * the extension's name) reaches it as a record of type {@code S}, bound and checked before the
 * broker binds a port or opens a file. An extension that does not implement this takes no
 * settings, and a section for it stops the start.
 *
 * <pre>{@code
 * max-rate: { perSecond: 100, per: topic }      # broker.yaml
 *
 * public record MaxRateSettings(Integer perSecond, Integer burst, String per) {
 *     public MaxRateSettings {                     // the compact constructor validates
 *         if (perSecond == null || perSecond < 1) {
 *             throw new IllegalArgumentException("setting 'perSecond' must be a whole number of 1 or more; was " + perSecond);
 *         }
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The contract:
 * <ul>
 *   <li>{@code S} is a public record with a public canonical constructor: the broker binds it by
 *       reflection from a plugin's own class loader. Each record component is one key; a key the
 *       record does not have is an error, a missing key arrives as {@code null} (or 0/false for a
 *       primitive), so use boxed types and put defaults in the compact constructor.</li>
 *   <li>The compact constructor throws {@link IllegalArgumentException} to refuse a value; its
 *       message is shown as {@code plugin <name>: <message>}, so name the key, what is allowed
 *       and what was given.</li>
 *   <li>{@link #configure} is called once, before the extension's first use, from the thread
 *       that starts the broker; a send hook named in {@code send.hooks} is configured even
 *       without a section (an empty one), so required keys are enforced. It should only keep the
 *       settings: open files or start threads on first use, so a start that fails later leaves
 *       nothing behind.</li>
 * </ul>
 *
 * @param <S> the settings record
 */
public interface Configurable<S extends Record> {

    /** The record the extension's section binds to. */
    Class<S> settingsType();

    /** Receives the validated settings; called once, before first use. */
    void configure(S settings);
}
