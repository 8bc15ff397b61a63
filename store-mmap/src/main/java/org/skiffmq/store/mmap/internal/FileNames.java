package org.skiffmq.store.mmap.internal;

/** Store file names: the offset of the file's first byte as 20 zero-padded decimal digits. */
final class FileNames {
    static final int LENGTH = 20;

    private FileNames() {
    }

    static String of(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(LENGTH - digits.length()) + digits;
    }

    /** The offset a file name stands for, or -1 when the name is not 20 decimal digits. */
    static long parse(String name) {
        if (name.length() != LENGTH) {
            return -1;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
