package org.skiffmq.kernel.broker.consume;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.skiffmq.api.store.MessageFilter;

/**
 * The broker side of tag filtering: a subscription's tag hash codes compared with each consume
 * queue entry's. Hash collisions let a few extra messages through; the client filters again by
 * exact tag, as RocketMQ's does.
 */
final class TagFilter {

    private TagFilter() {
    }

    /** A filter for a tag expression such as {@code TagA || TagB}; {@code *}, null or blank pass all. */
    static MessageFilter ofExpression(String expression) {
        if (expression == null || expression.isBlank()) {
            return MessageFilter.ALL;
        }
        Set<Integer> codes = new HashSet<>();
        for (String tag : expression.split("\\|\\|")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return MessageFilter.ALL;
            }
            if (!t.isEmpty()) {
                codes.add(t.hashCode());
            }
        }
        return ofCodes(codes, expression);
    }

    /** A filter for a subscription's code set, as heartbeats carry it; empty passes all. */
    static MessageFilter ofCodes(Collection<Integer> codes, String expression) {
        if (codes == null || codes.isEmpty() || "*".equals(expression == null ? null : expression.trim())) {
            return MessageFilter.ALL;
        }
        Set<Integer> set = Set.copyOf(codes);
        return tagsCode -> set.contains((int) tagsCode);
    }
}
