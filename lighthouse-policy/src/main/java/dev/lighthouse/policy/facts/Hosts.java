package dev.lighthouse.policy.facts;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one normal form of a host name, for every host fact and every {@code host:} rule, so that a rule cannot be
 * dodged by spelling: {@code PasteBin.COM.}, {@code user:pw@pastebin.com:443}, {@code bücher.de} and
 * {@code xn--bcher-kva.de}, {@code 2130706433}, {@code 0x7f.1} and {@code 127.0.0.1}, {@code [::FFFF:7f00:1]} and
 * {@code 127.0.0.1}, {@code [0:0::1]} and {@code ::1} each come out the same.
 *
 * <p>Pure string work, no DNS: an IPv6 literal is parsed by {@link java.net.InetAddress}, which never resolves a
 * literal.
 */
public final class Hosts {
    private static final Pattern IPV4_PART = Pattern.compile("0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%.+)?");
    private static final Pattern NUMBER = Pattern.compile("(0[xX][0-9a-fA-F]{1,8}|\\d{8,10})(:\\d{1,5})?");
    private static final Pattern LABEL_CHARS = Pattern.compile("[\\p{L}\\p{N}\\p{M}._*-]+");

    private Hosts() {}

    /**
     * The normal form of {@code host}: lower case, no trailing dot, IDNA ASCII ({@code xn--}) labels, IPv4 in dotted
     * decimal whatever base or shortening it was written in, IPv6 compressed (RFC 5952) without brackets or zone.
     * User info and a port are cut off, so an authority ({@code user@host:port}) may be passed too.
     */
    public static String normalise(String host) {
        String h = host.strip();
        int at = h.lastIndexOf('@');
        if (at >= 0) {
            h = h.substring(at + 1);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = h.substring(1, close < 0 ? h.length() : close);
        } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':')); // host:port; two or more colons is an IPv6 literal
        }
        while (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.contains(":")) {
            return ipv6(h).orElse(h.toLowerCase(Locale.ROOT));
        }
        Optional<String> v4 = ipv4(h);
        if (v4.isPresent()) {
            return v4.get();
        }
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.chars().allMatch(c -> c < 0x80)) {
            return lower;
        }
        try {
            return IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return lower;
        }
    }

    /**
     * The host of a URL written with or without a scheme ({@code https://x.com/a}, {@code x.com/a}, {@code x.com:8080}),
     * normalised; empty when the text does not look like one (a flag, a path, a word without a dot).
     */
    public static Optional<String> ofUrl(String text) {
        String t = text.strip();
        int scheme = t.indexOf("://");
        if (scheme > 0) {
            t = t.substring(scheme + 3);
        } else if (t.startsWith("-") || t.startsWith("/") || t.startsWith(".") || t.startsWith("~")) {
            return Optional.empty();
        }
        int end = firstOf(t, "/?#");
        String authority = end < 0 ? t : t.substring(0, end);
        if (authority.isEmpty()) {
            return Optional.empty();
        }
        String host = normalise(authority);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (scheme > 0) {
            return Optional.of(host);
        }
        // Without a scheme only what reads as a host name: dotted, an IPv6 literal, a 32-bit number or localhost.
        String bare = authority.substring(authority.lastIndexOf('@') + 1);
        boolean written = bare.contains(".")
                || bare.startsWith("[")
                || NUMBER.matcher(bare).matches();
        boolean plausible = LABEL_CHARS.matcher(host).matches() && written
                || host.equals("localhost")
                || host.contains(":") && bare.startsWith("[");
        return plausible ? Optional.of(host) : Optional.empty();
    }

    /** Whether {@code host} is {@code domain} or one of its subdomains (both normalised). */
    public static boolean within(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /** inet_aton's forms: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
    static Optional<String> ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4 || h.isEmpty()) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (!IPV4_PART.matcher(p).matches()) {
                return Optional.empty();
            }
            try {
                values[i] = p.startsWith("0x") || p.startsWith("0X")
                        ? (p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16))
                        : p.length() > 1 && p.startsWith("0") ? Long.parseLong(p.substring(1), 8) : Long.parseLong(p);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return Optional.empty();
        }
        address |= last;
        return Optional.of("%d.%d.%d.%d"
                .formatted((address >> 24) & 255, (address >> 16) & 255, (address >> 8) & 255, address & 255));
    }

    private static Optional<String> ipv6(String h) {
        if (!IPV6.matcher(h).matches()) {
            return Optional.empty();
        }
        String literal = h.contains("%") ? h.substring(0, h.indexOf('%')) : h;
        try {
            byte[] bytes = java.net.InetAddress.getByName("[" + literal + "]").getAddress();
            if (bytes.length == 4) {
                return Optional.of(
                        "%d.%d.%d.%d".formatted(bytes[0] & 255, bytes[1] & 255, bytes[2] & 255, bytes[3] & 255));
            }
            return Optional.of(compressed(bytes));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** RFC 5952: lower-case hex groups, the longest run (two or more) of zero groups as {@code ::}. */
    private static String compressed(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 255) << 8) | (b[2 * i + 1] & 255);
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "%d.%d.%d.%d".formatted(b[12] & 255, b[13] & 255, b[14] & 255, b[15] & 255);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
