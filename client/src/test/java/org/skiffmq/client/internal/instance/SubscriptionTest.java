package org.skiffmq.client.internal.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    @Test
    void anExpressionIsSplitOnDoubleBarsIntoTrimmedTagsAndTheirHashCodes() {
        Subscription s = Subscription.of("T", " TagA ||TagB ", 1);
        assertEquals(Set.of("TagA", "TagB"), s.tags());
        assertEquals(List.of("TagA".hashCode(), "TagB".hashCode()), s.codes());
        assertEquals("TagA ||TagB", s.expression());
    }

    @Test
    void starAndBlankMatchEveryTagAndNoTag() {
        assertTrue(Subscription.of("T", "*", 1).accepts(null));
        assertTrue(Subscription.of("T", "", 1).accepts("Any"));
        assertEquals("*", Subscription.of("T", " ", 1).expression());
    }

    @Test
    void tagsAreComparedExactlySoHashCollisionsAreDropped() {
        // "Aa" and "BB" share String.hashCode(), so the broker's hash filter lets both through.
        Subscription s = Subscription.of("T", "Aa", 1);
        assertTrue(s.accepts("Aa"));
        assertFalse(s.accepts("BB"));
        assertFalse(s.accepts(null));
    }

    @Test
    void anExpressionWithoutATagIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subscription.of("T", "||", 1));
        assertTrue(e.getMessage().contains("names no tag"), e.getMessage());
    }
}
