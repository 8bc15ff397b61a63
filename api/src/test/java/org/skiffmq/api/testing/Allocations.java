package org.skiffmq.api.testing;

/**
 * Heap bytes this thread allocated, from the JDK thread bean (reflectively: the patched test module
 * does not read java.management). Shared by the fuzz tests of every module through api's test jar.
 */
public final class Allocations {
    private static final Object THREADS;
    private static final java.lang.reflect.Method ALLOCATED;

    static {
        try {
            THREADS = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            ALLOCATED = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Allocations() {
    }

    /**
     * Bytes {@code work} allocates when run a second time: the first run pays for class
     * initialisation and one-time caches (a first String.format alone takes megabytes), which say
     * nothing about the input.
     */
    public static long of(Runnable work) {
        work.run();
        long before = current();
        work.run();
        return current() - before;
    }

    /**
     * What decoding {@code inputLength} bytes may allocate: proportional to the input, never what a
     * length field inside it asks for. The floor is generous because, while fuzzing, Jazzer's
     * comparison hooks (String.equals and the like) allocate on the decoding thread too; a
     * decoder trusting a length field allocates far past it.
     */
    public static long budgetFor(int inputLength) {
        return 256 * 1024 + 64L * inputLength;
    }

    public static long current() {
        try {
            return (long) ALLOCATED.invoke(THREADS);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
