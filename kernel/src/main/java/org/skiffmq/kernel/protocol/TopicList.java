package org.skiffmq.kernel.protocol;

import java.util.Set;

/** GET_ALL_TOPIC_LIST_FROM_NAMESERVER's body. */
public record TopicList(Set<String> topicList) {
}
