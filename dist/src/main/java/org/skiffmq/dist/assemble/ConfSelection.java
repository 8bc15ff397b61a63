package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;

/**
 * The files of a {@code conf/} folder a new distribution gets for its store: {@code logback.xml},
 * {@code broker.yaml}, and the store's example configurations in {@code conf/<store>/} when there
 * are any (the raft store's three group members in {@code conf/raft/}).
 *
 * <p>When the store has examples, {@code broker.yaml} comes along only if it names that store
 * too: the shipped one runs the mmap store, and a raft distribution is started from its examples
 * ({@code bin/skiff broker --config conf/raft/broker-n0.yaml}). Without examples it always comes
 * along, and {@link ConfCheck} refuses it when it names another store.
 */
final class ConfSelection {
    static final String BROKER_YAML = "broker.yaml";
    private static final List<String> ALWAYS = List.of("logback.xml");
    /** A store name that is a plain folder name, never a path. */
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private ConfSelection() {
    }

    /**
     * Paths relative to {@code conf}, with {@code /}: {@code broker.yaml}, {@code logback.xml},
     * then {@code <store>/*.yaml} sorted; only those that exist.
     */
    static List<String> select(Path conf, String store) throws DistException {
        List<String> examples = examples(conf, store);
        List<String> selected = new ArrayList<>();
        Path brokerYaml = conf.resolve(BROKER_YAML);
        if (Files.isRegularFile(brokerYaml) && (examples.isEmpty() || namesStore(brokerYaml, store))) {
            selected.add(BROKER_YAML);
        }
        for (String name : ALWAYS) {
            if (Files.isRegularFile(conf.resolve(name))) {
                selected.add(name);
            }
        }
        selected.addAll(examples);
        return selected;
    }

    /** The example configurations of {@code store}: {@code <store>/<name>.yaml}, sorted; none when absent. */
    static List<String> examples(Path conf, String store) throws DistException {
        if (!FOLDER.matcher(store).matches()) {
            return List.of();
        }
        Path dir = conf.resolve(store);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .sorted()
                    .map(n -> store + "/" + n)
                    .toList();
        } catch (IOException e) {
            throw DistException.failed("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file names {@code store}; a file that does not load is kept, so that ConfCheck says why. */
    private static boolean namesStore(Path file, String store) {
        try {
            return ConfigLoader.load(file).store().engine().equals(store);
        } catch (ConfigException e) {
            return true;
        }
    }
}
