package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSelectionTest {
    @TempDir
    Path work;

    @Test
    void keepsTheRootsAndWhatTheyRequireAndNothingElse() throws Exception {
        Path lib = work.resolve("lib");
        ModuleJars.build(work, lib, "t.base");
        ModuleJars.build(work, lib, "t.mid", "t.base");
        ModuleJars.build(work, lib, "t.app", "t.mid");
        ModuleJars.build(work, lib, "t.store", "t.base");
        ModuleJars.build(work, lib, "t.unrelated");

        List<ModuleSelection.Selected> selected = ModuleSelection.select(lib, List.of("t.app", "t.store"));

        assertEquals(List.of("t.app", "t.base", "t.mid", "t.store"),
                selected.stream().map(ModuleSelection.Selected::module).toList());
        assertEquals(lib.resolve("t.mid.jar").toAbsolutePath(), selected.get(2).jar());
    }

    @Test
    void jdkModulesAreNotCopied() throws Exception {
        Path lib = work.resolve("lib");
        ModuleJars.build(work, lib, "t.logging", "java.logging");

        List<ModuleSelection.Selected> selected = ModuleSelection.select(lib, List.of("t.logging"));

        assertEquals(List.of("t.logging"), selected.stream().map(ModuleSelection.Selected::module).toList());
    }

    @Test
    void aMissingDependencyNamesTheModulesAndSaysToRebuild() throws Exception {
        Path lib = work.resolve("lib");
        ModuleJars.build(work, lib, "t.base");
        ModuleJars.build(work, lib, "t.app", "t.base");
        Files.delete(lib.resolve("t.base.jar"));

        DistException e = assertThrows(DistException.class, () -> ModuleSelection.select(lib, List.of("t.app")));

        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("t.base") && e.getMessage().contains("rebuild"), e.getMessage());
    }
}
