package org.skiffmq.dist.newplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NewPluginRequestTest {
    private static final Path OUT = Path.of("/work/plugins");

    @Test
    void defaultsFollowTheId() {
        NewPluginRequest r = NewPluginRequest.of("rate-guard", null, null, OUT);
        assertEquals("com.example", r.groupId());
        assertEquals("com.example.rateguard", r.packageName());
        assertEquals("RateGuardHook", r.className());
        assertEquals(OUT.resolve("rate-guard"), r.projectDir());
        assertEquals("com/example/rateguard", r.packagePath());
    }

    @Test
    void chosenGroupAndPackageAreKept() {
        NewPluginRequest r = NewPluginRequest.of("tag-hook", "com.acme", "com.acme.hooks", OUT);
        assertEquals("com.acme", r.groupId());
        assertEquals("com.acme.hooks", r.packageName());
        assertEquals("TagHook", r.className(), "an id ending in 'hook' gets no second Hook");
    }

    @Test
    void idWithCapitalsOrUnderscoresIsRefusedSayingWhatIsAllowed() {
        for (String bad : new String[] {"My-Hook", "my_hook", "-hook", "hook-", "9hook", "my--hook", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NewPluginRequest.of(bad, null, null, OUT), bad);
            assertTrue(e.getMessage().contains("lowercase letters, digits and dashes"), e.getMessage());
        }
    }

    @Test
    void packageThatJavaRejectsIsRefusedNamingTheProblem() {
        IllegalArgumentException keyword = assertThrows(IllegalArgumentException.class,
                () -> NewPluginRequest.of("x", null, "com.int.hooks", OUT));
        assertTrue(keyword.getMessage().contains("'int' is a Java keyword"), keyword.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> NewPluginRequest.of("x", null, "com.Acme..hooks", OUT));
        assertTrue(shape.getMessage().contains("--package"), shape.getMessage());
    }

    @Test
    void groupThatIsNotAMavenGroupIdIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NewPluginRequest.of("x", "com acme", null, OUT));
        assertTrue(e.getMessage().contains("--group 'com acme'"), e.getMessage());
    }

    @Test
    void defaultPackageFromAGroupWithDashesIsStillValid() {
        assertEquals("com.my_corp.x", NewPluginRequest.of("x", "com.my-corp", null, OUT).packageName());
    }
}
