/**
 * The {@code raft} store: every put goes through a Raft group of brokers (Apache Ratis) and is
 * applied, once a majority has it, to each member's local mmap store. Shipped as the plugin zip
 * {@code store-raft.zip}, so Ratis and its libraries stay out of a broker that does not use it.
 *
 * <p>Ratis is not a module; it is read from the class path ({@code --add-reads ...=ALL-UNNAMED}).
 */
module org.skiffmq.store.raft {
    requires org.skiffmq.api;
    requires org.skiffmq.store.mmap;
    requires org.slf4j;

    // The broker binds RaftStoreSettings by reflection.
    exports org.skiffmq.store.raft;

    provides org.skiffmq.api.store.StoreProvider with org.skiffmq.store.raft.RaftStoreProvider;
}
