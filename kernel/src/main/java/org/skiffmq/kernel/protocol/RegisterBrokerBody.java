package org.skiffmq.kernel.protocol;

import java.util.List;

/** REGISTER_BROKER's body: the broker's topic table (uncompressed form). */
public record RegisterBrokerBody(TopicConfigWrapper topicConfigSerializeWrapper, List<String> filterServerList) {
}
