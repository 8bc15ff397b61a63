package org.skiffmq.plugin.plainacl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Which source addresses an account may use, as {@code whiteRemoteAddress} writes them: {@code *}
 * (any), an exact address (IPv4 or IPv6), IPv4 with {@code *} or {@code a-b} ranges in any of its
 * four parts ({@code 10.1.*.*}, {@code 192.168.0.1-100}), or CIDR ({@code 10.0.0.0/8}).
 * Several patterns may be given separated by commas.
 */
final class AddressPattern {
    private final List<Matcher> matchers;
    private final String text;

    private AddressPattern(String text, List<Matcher> matchers) {
        this.text = text;
        this.matchers = matchers;
    }

    /** Null or blank: any address. */
    static AddressPattern parse(String text, String where) {
        if (text == null || text.isBlank()) {
            return new AddressPattern("*", List.of(address -> true));
        }
        List<Matcher> matchers = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            matchers.add(matcher(part.trim().toLowerCase(Locale.ROOT), where));
        }
        return new AddressPattern(text, List.copyOf(matchers));
    }

    boolean matches(InetAddress address) {
        for (Matcher m : matchers) {
            if (m.matches(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Matcher matcher(String pattern, String where) {
        if (pattern.equals("*")) {
            return address -> true;
        }
        if (pattern.contains("/")) {
            return cidr(pattern, where);
        }
        if (pattern.contains(":")) {
            byte[] exact = literal(pattern, where);
            return address -> java.util.Arrays.equals(address.getAddress(), exact);
        }
        String[] parts = pattern.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(pattern, where);
        }
        int[][] ranges = new int[4][];
        for (int i = 0; i < 4; i++) {
            ranges[i] = range(parts[i], pattern, where);
        }
        return address -> {
            if (!(address instanceof Inet4Address)) {
                return false;
            }
            byte[] b = address.getAddress();
            for (int i = 0; i < 4; i++) {
                int v = b[i] & 0xFF;
                if (v < ranges[i][0] || v > ranges[i][1]) {
                    return false;
                }
            }
            return true;
        };
    }

    private static int[] range(String part, String pattern, String where) {
        try {
            if (part.equals("*")) {
                return new int[] {0, 255};
            }
            int dash = part.indexOf('-');
            int low = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int high = dash < 0 ? low : Integer.parseInt(part.substring(dash + 1));
            if (low < 0 || high > 255 || low > high) {
                throw bad(pattern, where);
            }
            return new int[] {low, high};
        } catch (NumberFormatException e) {
            throw bad(pattern, where);
        }
    }

    private static Matcher cidr(String pattern, String where) {
        int slash = pattern.indexOf('/');
        byte[] network = literal(pattern.substring(0, slash), where);
        int bits;
        try {
            bits = Integer.parseInt(pattern.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw bad(pattern, where);
        }
        if (bits < 0 || bits > network.length * 8) {
            throw bad(pattern, where);
        }
        return address -> {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** An address literal, never a host name (no look-up while deciding a request). */
    private static byte[] literal(String text, String where) {
        if (!text.matches("[0-9a-f:.]+")) {
            throw bad(text, where);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw bad(text, where);
        }
    }

    private static IllegalArgumentException bad(String pattern, String where) {
        return new IllegalArgumentException(where + " has the address pattern '" + pattern + "'; use *, an address,"
                + " 10.1.*.*, 192.168.0.1-100 or 10.0.0.0/8");
    }

    @FunctionalInterface
    private interface Matcher {
        boolean matches(InetAddress address);
    }
}
