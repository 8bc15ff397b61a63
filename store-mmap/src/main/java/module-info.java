/**
 * SkiffMQ's default message store: a commit log on fixed-size memory-mapped files, one consume
 * queue per topic and queue, async or group-commit sync flush, recovery that cuts a torn tail,
 * and retention that deletes old files by age or disk use (leaving their mappings to the GC, since
 * pulls may still hold slices of them). Disk layout and record encoding are RocketMQ's, so a data
 * directory reads the same.
 *
 * <p>The only public type is {@link org.skiffmq.store.mmap.MmapStoreProvider} (name {@code mmap});
 * everything else lives in the non-exported {@code internal} package.
 */
module org.skiffmq.store.mmap {
    requires transitive org.skiffmq.api; // the provider hands out api types
    requires org.slf4j;
    // sun.misc.Unsafe.invokeCleaner: the only way to unmap a MappedByteBuffer before GC on JDK 17.
    // Every JDK image has the module; if the method is missing Unmapper leaves mappings to the GC.
    requires jdk.unsupported;

    exports org.skiffmq.store.mmap;

    provides org.skiffmq.api.store.StoreProvider with org.skiffmq.store.mmap.MmapStoreProvider;
}
