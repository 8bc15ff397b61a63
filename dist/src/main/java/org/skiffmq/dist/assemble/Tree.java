package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes folders skiff dist made itself: a refused distribution, a scratch copy of plugins. */
final class Tree {
    private static final Logger LOG = LoggerFactory.getLogger(Tree.class);

    private Tree() {
    }

    /** Deletes {@code dir} and everything in it; null or missing is fine. */
    static void delete(Path dir) {
        remove(dir, true);
    }

    /** Deletes everything in {@code dir}, keeping the folder. */
    static void deleteContents(Path dir) {
        remove(dir, false);
    }

    private static void remove(Path dir, boolean withFolder) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (withFolder || !p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove everything in {}: {}; remove it by hand", dir, e.toString());
        }
    }
}
