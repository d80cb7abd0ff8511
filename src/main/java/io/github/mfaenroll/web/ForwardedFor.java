package io.github.mfaenroll.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the client address out of {@code X-Forwarded-For} as trusted proxies left it. Each proxy appends the address
 * it saw to the right, either to the existing line (AWS ALB, nginx) or as a line of its own (HAProxy's
 * {@code option forwardfor}), so every line counts, in order, as one comma-separated list. Whatever a client sends
 * ends up on the left; only the entry {@code trustedHops} from the right was written by a proxy of ours.
 *
 * <p>Only IP literals are believed: IPv4 in dotted-decimal, IPv6 (bare or in brackets), each optionally with a port
 * ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}), which is dropped so that every connection of one client
 * counts alike. Never a host name and never a DNS lookup: the text is parsed here, by hand. Pure functions, no state.
 */
public final class ForwardedFor {

    /** The header, as proxies name it. */
    public static final String HEADER = "X-Forwarded-For";

    private ForwardedFor() {
    }

    /**
     * The client address the proxies vouch for: the entry {@code trustedHops} from the right of all header lines,
     * in canonical form ({@link #ipLiteral}). Empty when the list is shorter than that (the request did not pass
     * through as many proxies as configured) or the entry there is not an IP literal; the caller then keeps the
     * socket peer.
     *
     * @param trustedHops how many proxies of ours stand in front of the app, at least 1
     */
    public static Optional<String> clientAddress(List<String> headerLines, int trustedHops) {
        if (trustedHops < 1) {
            throw new IllegalArgumentException("trustedHops must be at least 1, got " + trustedHops);
        }
        List<String> entries = entries(headerLines);
        if (entries.size() < trustedHops) {
            return Optional.empty();
        }
        return ipLiteral(entries.get(entries.size() - trustedHops));
    }

    /** Every entry of every line, in order, without the spaces around it (empty entries kept: they hold a place). */
    public static List<String> entries(List<String> headerLines) {
        List<String> entries = new ArrayList<>();
        for (String line : headerLines) {
            for (String entry : line.split(",", -1)) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    /**
     * The canonical text of an IP literal: IPv4 dotted-decimal; IPv6 as RFC 5952 writes it (lower case, longest run
     * of zero groups as {@code ::}), an IPv4-mapped IPv6 address as the IPv4 address it is. Brackets and a port are
     * dropped. Empty for anything else: host names, {@code unknown}, zone ids, octal-looking or short IPv4 forms.
     */
    public static Optional<String> ipLiteral(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || !(close == entry.length() - 1 || (entry.charAt(close + 1) == ':'
                    && isPort(entry.substring(close + 2))))) {
                return Optional.empty();
            }
            return ipv6(entry.substring(1, close)).map(ForwardedFor::format);
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && entry.indexOf(':', colon + 1) < 0) {
            // One colon: IPv4 with a port. (A bare IPv6 address has at least two.)
            return isPort(entry.substring(colon + 1)) ? ipv4(entry.substring(0, colon)).map(ForwardedFor::format)
                    : Optional.empty();
        }
        return (colon < 0 ? ipv4(entry) : ipv6(entry)).map(ForwardedFor::format);
    }

    private static boolean isPort(String text) {
        return text.length() >= 1 && text.length() <= 5 && allDigits(text) && Integer.parseInt(text) <= 65535;
    }

    /** Four decimal parts 0-255, without leading zeros (which some readers take for octal). */
    private static Optional<byte[]> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !allDigits(part) || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            address[i] = (byte) value;
        }
        return Optional.of(address);
    }

    /** Eight groups of 1-4 hex digits, one {@code ::} for a run of zero groups, an IPv4 tail for the last two. */
    private static Optional<byte[]> ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        boolean ok = gap < 0 ? groups(text, head, true) : groups(text.substring(0, gap), head, false)
                && groups(text.substring(gap + 2), tail, true);
        int count = head.size() + tail.size();
        if (!ok || (gap < 0 ? count != 8 : count > 7)) {
            return Optional.empty();
        }
        byte[] address = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            address[2 * i] = (byte) (head.get(i) >> 8);
            address[2 * i + 1] = (byte) (int) head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            int at = 8 - tail.size() + i;
            address[2 * at] = (byte) (tail.get(i) >> 8);
            address[2 * at + 1] = (byte) (int) tail.get(i);
        }
        return Optional.of(address);
    }

    /** Reads colon-separated groups into {@code into}; the last may be an IPv4 address if {@code ipv4Tail}. */
    private static boolean groups(String text, List<Integer> into, boolean ipv4Tail) {
        if (text.isEmpty()) {
            return true;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (ipv4Tail && i == parts.length - 1 && part.indexOf('.') >= 0) {
                Optional<byte[]> v4 = ipv4(part);
                if (v4.isEmpty()) {
                    return false;
                }
                byte[] b = v4.get();
                into.add((b[0] & 0xff) << 8 | (b[1] & 0xff));
                into.add((b[2] & 0xff) << 8 | (b[3] & 0xff));
            } else if (part.isEmpty() || part.length() > 4 || !allHex(part)) {
                return false;
            } else {
                into.add(Integer.parseInt(part, 16));
            }
        }
        return true;
    }

    private static String format(byte[] address) {
        if (address.length == 16 && isIpv4Mapped(address)) {
            return format(java.util.Arrays.copyOfRange(address, 12, 16));
        }
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xff) << 8 | (address[2 * i + 1] & 0xff);
        }
        // RFC 5952: the longest run of two or more zero groups (the first of equal ones) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
    }

    private static boolean allDigits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean allHex(String text) {
        return text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
