package org.skiffmq.dist.assemble;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code skiff dist} is asked for: {@code [--plugins a,b] [--store NAME] [--transport NAME] --out DIR}.
 *
 * @param plugins plugin ids (zip names without {@code .zip}), in the order given, without repeats
 * @param store   the store engine's name ({@code store.engine})
 * @param transport the transport's name ({@code transport})
 * @param out     the folder to create
 */
public record DistOptions(List<String> plugins, String store, String transport, Path out) {
    public static final String DEFAULT_STORE = "mmap";
    public static final String DEFAULT_TRANSPORT = "netty";

    public DistOptions {
        plugins = List.copyOf(plugins);
    }

    /** The same request shipping {@code more} plugins too (the store's own plugin), without repeats. */
    public DistOptions withPlugins(List<String> more) {
        Set<String> all = new LinkedHashSet<>(plugins);
        all.addAll(more);
        return new DistOptions(new ArrayList<>(all), store, transport, out);
    }

    /**
     * Reads the options that follow {@code dist}.
     *
     * @throws DistException naming the option at fault
     */
    public static DistOptions parse(List<String> args) throws DistException {
        Set<String> plugins = new LinkedHashSet<>();
        String store = DEFAULT_STORE;
        String transport = DEFAULT_TRANSPORT;
        Path out = null;
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (!List.of("--plugins", "--store", "--transport", "--out").contains(key)) {
                throw DistException.badRequest("unknown option '" + key + "' for dist; it takes --plugins a,b,"
                        + " --store NAME, --transport NAME and --out DIR");
            }
            if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                throw DistException.badRequest(key + " needs a value");
            }
            String value = args.get(++i);
            switch (key) {
                case "--plugins" -> plugins.addAll(ids(value));
                case "--store" -> store = value;
                case "--transport" -> transport = value;
                default -> out = Path.of(value).toAbsolutePath().normalize();
            }
        }
        if (out == null) {
            throw DistException.badRequest("dist needs --out DIR: the folder to create the distribution in");
        }
        return new DistOptions(new ArrayList<>(plugins), store, transport, out);
    }

    private static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        for (String id : value.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        return ids;
    }
}
