package org.skiffmq.client.internal.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcasting consumer's offsets, which belong to this client alone, in one file:
 * {@code <dir>/<client id>/<group>/offsets.json}, holding
 * {@code {"offsets":[{"brokerName":"broker-a","offset":12,"queueId":0,"topic":"TopicDemo"},...]}}.
 * The file is written whole to {@code offsets.json.tmp} and then renamed over the old one, so a
 * crash leaves either the old or the new file, never half of one. Written by the consumer's
 * scheduler thread and at shutdown; thread-safe.
 */
final class LocalOffsetStore implements OffsetStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOffsetStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();
    private final Map<MessageQueue, Long> persisted = new ConcurrentHashMap<>();

    LocalOffsetStore(Path dir, String clientId, String group) {
        // ':' cannot be in a Windows file name; the id is only a folder name here.
        this.file = dir.resolve(clientId.replace(':', '_')).resolve(group).resolve("offsets.json");
    }

    Path file() {
        return file;
    }

    @Override
    public void load() throws ClientException {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            for (JsonNode entry : root.path("offsets")) {
                persisted.put(new MessageQueue(entry.path("topic").asText(), entry.path("brokerName").asText(),
                        entry.path("queueId").asInt()), entry.path("offset").asLong());
            }
        } catch (NoSuchFileException e) {
            // First start of this client and group: every queue starts by consume-from-where.
        } catch (IOException e) {
            throw new ClientException("Cannot read the broadcasting offsets file " + file + ": " + e.getMessage()
                    + ". Fix or delete it (the queues then start by consume-from-where), or set another"
                    + " offsetStoreDir", e);
        }
    }

    @Override
    public long readPersisted(MessageQueue queue) {
        return persisted.getOrDefault(queue, -1L);
    }

    @Override
    public void update(MessageQueue queue, long offset, boolean increaseOnly) {
        offsets.merge(queue, offset, (old, now) -> increaseOnly ? Math.max(old, now) : now);
    }

    @Override
    public long current(MessageQueue queue) {
        return offsets.getOrDefault(queue, -1L);
    }

    @Override
    public void persist(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            Long offset = offsets.get(queue);
            if (offset != null && offset >= 0) {
                persisted.put(queue, offset);
            }
        }
        write();
    }

    @Override
    public void persistAndWait(Collection<MessageQueue> queues) {
        persist(queues);
    }

    @Override
    public void forget(MessageQueue queue) {
        offsets.remove(queue);
    }

    private synchronized void write() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("offsets");
        Map<MessageQueue, Long> sorted = new TreeMap<>(persisted);
        sorted.forEach((mq, offset) -> list.addObject().put("brokerName", mq.brokerName()).put("offset", offset)
                .put("queueId", mq.queueId()).put("topic", mq.topic()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // On disk before the rename, or a crash could leave the new name on empty content.
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Cannot write the broadcasting offsets file {}: {}; trying again on the next round", file,
                    e.getMessage());
        }
    }
}
