package org.skiffmq.dist.assemble;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints an assembled distribution as a table: one row per file, then the total in files and MiB. */
public final class SizeTable {
    private static final double KIB = 1024;
    private static final double MIB = 1024 * 1024;

    private SizeTable() {
    }

    public static void print(PrintStream out, List<Piece> pieces) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"piece", "file", "size"});
        rows.add(new String[] {"-----", "----", "----"});
        long total = 0;
        for (Piece p : pieces) {
            rows.add(new String[] {p.kind() + " " + p.name(), p.file(), kib(p.bytes())});
            total += p.bytes();
        }
        rows.add(new String[] {"total", pieces.size() + " files", mib(total)});
        int nameWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int fileWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        int sizeWidth = rows.stream().mapToInt(r -> r[2].length()).max().orElse(0);
        for (String[] r : rows) {
            out.printf("%-" + nameWidth + "s  %-" + fileWidth + "s  %" + sizeWidth + "s%n", r[0], r[1], r[2]);
        }
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / KIB);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }
}
