package org.skiffmq.kernel.plugin;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file names in its constant pool: class entries, and the types inside field,
 * method and generic signatures. Reads the pool only; enough to see what a plugin links against
 * before any of its code runs.
 */
final class ClassReferences {
    private static final int MAGIC = 0xCAFEBABE;
    private static final Pattern SKIFFMQ_NAME = Pattern.compile("org/skiffmq/[A-Za-z0-9_$/]+");

    private ClassReferences() {
    }

    /** Binary names (with dots) of SkiffMQ classes the class file refers to. */
    static Set<String> skiffmqClassesIn(InputStream classFile) throws IOException {
        Set<String> names = new TreeSet<>();
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> {
                    Matcher m = SKIFFMQ_NAME.matcher(in.readUTF());
                    while (m.find()) {
                        names.add(m.group().replace('/', '.'));
                    }
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // longs and doubles take two slots
                }
                default -> throw new IOException("unknown constant-pool tag " + tag + " at entry " + i);
            }
        }
        return names;
    }
}
