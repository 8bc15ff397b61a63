package org.skiffmq.store.mmap.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a mapping now rather than at the next GC, through {@code sun.misc.Unsafe.invokeCleaner}.
 * When that is unavailable the mapping is left to the garbage collector. Only call it once no
 * thread can touch the buffer (or any slice of it) again: a later access crashes the JVM.
 */
final class Unmapper {
    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = find();

    private Unmapper() {
    }

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable t) {
            LOG.debug("could not unmap a buffer; the GC will", t);
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("mapped files are released by the GC, not at close: {}", e.toString());
            return null;
        }
    }
}
