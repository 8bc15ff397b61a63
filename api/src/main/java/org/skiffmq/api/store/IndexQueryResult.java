package org.skiffmq.api.store;

import java.util.List;
import org.skiffmq.api.message.StoredMessage;

/**
 * What a {@link MessageIndex} query found.
 *
 * @param messages                 the messages, newest first
 * @param lastUpdateTimestamp      store time of the newest message the index holds (0 when empty)
 * @param lastUpdatePhysicalOffset commit-log offset up to which messages are indexed
 */
public record IndexQueryResult(List<StoredMessage> messages, long lastUpdateTimestamp, long lastUpdatePhysicalOffset) {
    public IndexQueryResult {
        messages = List.copyOf(messages);
    }
}
