package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installed distribution made of test modules, and what the assembler copies out of it. */
class DistributionAssemblerTest {
    @TempDir
    Path work;

    private Path home;

    @BeforeEach
    void installed() throws Exception {
        home = work.resolve("home");
        Path lib = home.resolve("lib");
        ModuleJars.build(work, lib, "t.api");
        ModuleJars.build(work, lib, "t.launcher", "t.api");
        ModuleJars.build(work, lib, "t.store", "t.api");
        ModuleJars.build(work, lib, "t.otherstore", "t.api");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/skiff"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(home.resolve("bin/skiff"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/broker.yaml"), "store: { engine: mmap }\n");
        Files.writeString(home.resolve("conf/logback.xml"), "<configuration/>\n");
        Files.writeString(home.resolve("conf/notes.txt"), "not part of a distribution\n");
        Files.createDirectories(home.resolve("conf/raft"));
        Files.writeString(home.resolve("conf/raft/broker-n0.yaml"), "store: { engine: raft }\n");
        Files.writeString(home.resolve("conf/raft/broker-n1.yaml"), "store: { engine: raft }\n");
        Files.writeString(home.resolve("conf/raft/notes.txt"), "not a configuration\n");
        Files.createDirectories(home.resolve("plugins"));
        Files.write(home.resolve("plugins/alpha.zip"), new byte[100]);
        Files.write(home.resolve("plugins/beta.zip"), new byte[200]);
        Files.createDirectories(home.resolve("bench"));
        Files.writeString(home.resolve("bench/tool.jar"), "bench");
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void copiesLauncherConfigNeededModulesAndChosenPluginsOnly() throws Exception {
        Path out = work.resolve("out");

        List<Piece> pieces = new DistributionAssembler(home).assemble(out, List.of("t.launcher", "t.store"),
                List.of("beta"), "mmap");

        assertEquals(List.of("bin/skiff", "conf/broker.yaml", "conf/logback.xml", "lib/t.api.jar",
                "lib/t.launcher.jar", "lib/t.store.jar", "plugins/beta.zip"), files(out));
        assertTrue(Files.isExecutable(out.resolve("bin/skiff")), "bin/skiff stays executable");
        assertEquals(files(out), pieces.stream().map(Piece::file).sorted().toList());
        Piece plugin = pieces.get(pieces.size() - 1);
        assertEquals(new Piece("plugin", "beta", "plugins/beta.zip", 200), plugin);
        assertEquals("module", pieces.get(3).kind());
        assertEquals("t.api", pieces.get(3).name());
    }

    @Test
    void anUnknownPluginIsRefusedBeforeAnythingIsWrittenAndTheInstalledOnesAreListed() {
        Path out = work.resolve("out");

        DistException e = assertThrows(DistException.class, () -> new DistributionAssembler(home)
                .assemble(out, List.of("t.launcher"), List.of("alpha", "gamma"), "mmap"));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("no plugin gamma") && e.getMessage().contains("alpha, beta"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFolderInUseIsRefused() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");

        DistException e = assertThrows(DistException.class, () -> new DistributionAssembler(home)
                .assemble(out, List.of("t.launcher"), List.of(), "mmap"));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        assertEquals(List.of("keep.txt"), files(out));
    }

    @Test
    void anEmptyFolderIsFilled() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));

        new DistributionAssembler(home).assemble(out, List.of("t.launcher"), List.of(), "mmap");

        assertTrue(files(out).contains("lib/t.launcher.jar"), files(out).toString());
    }

    @Test
    void aStoreWithExampleConfigurationsGetsThemInsteadOfABrokerYamlForAnotherStore() throws Exception {
        Path out = work.resolve("out");

        List<Piece> pieces = new DistributionAssembler(home).assemble(out, List.of("t.launcher", "t.otherstore"),
                List.of("alpha"), "raft");

        assertEquals(List.of("bin/skiff", "conf/logback.xml", "conf/raft/broker-n0.yaml", "conf/raft/broker-n1.yaml",
                "lib/t.api.jar", "lib/t.launcher.jar", "lib/t.otherstore.jar", "plugins/alpha.zip"), files(out));
        assertEquals(new Piece("config", "raft/broker-n0.yaml", "conf/raft/broker-n0.yaml", 24), pieces.get(2));
    }

    @Test
    void aBrokerYamlNamingTheStoreComesAlongWithItsExamples() throws Exception {
        Files.writeString(home.resolve("conf/broker.yaml"), "store: { engine: raft }\n");
        Path out = work.resolve("out");

        new DistributionAssembler(home).assemble(out, List.of("t.launcher"), List.of(), "raft");

        assertEquals(List.of("bin/skiff", "conf/broker.yaml", "conf/logback.xml", "conf/raft/broker-n0.yaml",
                "conf/raft/broker-n1.yaml", "lib/t.api.jar", "lib/t.launcher.jar"), files(out));
    }
}
