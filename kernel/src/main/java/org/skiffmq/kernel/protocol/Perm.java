package org.skiffmq.kernel.protocol;

/** Topic permission bits, as RocketMQ's PermName. Normal topics are 6 (read + write); TBW102 is 7. */
public final class Perm {
    public static final int PRIORITY = 0x8;
    public static final int READ = 0x4;
    public static final int WRITE = 0x2;
    public static final int INHERIT = 0x1;
    public static final int READ_WRITE = READ | WRITE;

    private Perm() {
    }

    public static boolean isReadable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean isWritable(int perm) {
        return (perm & WRITE) != 0;
    }

    public static boolean isInherited(int perm) {
        return (perm & INHERIT) != 0;
    }
}
