package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.access.AccessRules;

/**
 * Every request code a running broker and its name server serve has an access rule, so none
 * passes access control unchecked by omission: a processor added without a rule fails here.
 */
class AccessRulesCoverageTest {

    @TempDir
    Path dir;

    @Test
    void everyServedCodeHasAnAccessRule() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            Set<Integer> served = new TreeSet<>(server.broker().servedCodes());
            served.addAll(server.nameServer().servedCodes());
            assertTrue(served.size() > 40, "served codes: " + served);

            Set<Integer> withoutRule = new TreeSet<>(served);
            withoutRule.removeIf(AccessRules::has);
            assertEquals(Set.of(), withoutRule, "request codes served without an access rule");

            // And no rule for a code nobody serves: a stale rule would hide a missing processor.
            Set<Integer> stale = new TreeSet<>(AccessRules.codes());
            stale.removeAll(served);
            assertEquals(Set.of(), stale, "access rules for codes nothing serves");
        }
    }
}
