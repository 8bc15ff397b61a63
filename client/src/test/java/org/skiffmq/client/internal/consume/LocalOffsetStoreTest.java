package org.skiffmq.client.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;

class LocalOffsetStoreTest {
    private static final MessageQueue Q0 = new MessageQueue("T", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("T", "broker-a", 1);

    @TempDir
    Path dir;

    @Test
    void persistedOffsetsAreReadBackByTheNextStoreOfTheSameClientAndGroup() throws Exception {
        LocalOffsetStore first = new LocalOffsetStore(dir, "10.0.0.5@inst", "CG");
        first.update(Q0, 12, false);
        first.update(Q1, 7, false);
        first.persist(List.of(Q0, Q1));

        LocalOffsetStore next = new LocalOffsetStore(dir, "10.0.0.5@inst", "CG");
        next.load();
        assertEquals(12, next.readPersisted(Q0));
        assertEquals(7, next.readPersisted(Q1));
        assertEquals(-1, next.readPersisted(new MessageQueue("T", "broker-a", 2)));
    }

    @Test
    void theFileIsReplacedWholeAndNoTemporaryFileStays() throws Exception {
        LocalOffsetStore store = new LocalOffsetStore(dir, "c", "CG");
        store.update(Q0, 1, false);
        store.persist(List.of(Q0));
        store.update(Q0, 2, true);
        store.persist(List.of(Q0));
        assertTrue(Files.readString(store.file()).contains("\"offset\":2"));
        assertFalse(Files.exists(store.file().resolveSibling("offsets.json.tmp")));
    }

    @Test
    void anUnreadableFileFailsTheLoadNamingTheFile() throws Exception {
        LocalOffsetStore store = new LocalOffsetStore(dir, "c", "CG");
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), "{not json");
        ClientException e = assertThrows(ClientException.class, store::load);
        assertTrue(e.getMessage().contains(store.file().toString()), e.getMessage());
    }
}
