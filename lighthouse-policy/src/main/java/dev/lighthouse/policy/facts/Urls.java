package dev.lighthouse.policy.facts;

import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Optional;

/** Network addresses in arguments: URL hosts, raw IPs, plain-http sources. Pure string parsing, no DNS. */
final class Urls {
    private Urls() {}

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-fA-F]+|\\d{8,10})$");
    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9.-]+(:\\d{1,5})?(/.*)?$");

    static boolean isUrl(String word) {
        return SCHEME.matcher(word).matches();
    }

    static String scheme(String url) {
        return url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
    }

    /** The host of a URL, lower case, without user info, port or brackets. */
    static Optional<String> host(String url) {
        if (!isUrl(url)) {
            return Optional.empty();
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int end = firstOf(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return Optional.of(authority.substring(1, close < 0 ? authority.length() : close));
        }
        int colon = authority.indexOf(':');
        if (colon >= 0) {
            authority = authority.substring(0, colon);
        }
        return authority.isEmpty() ? Optional.empty() : Optional.of(authority.toLowerCase(Locale.ROOT));
    }

    /** A host name for tools that take {@code host port} or {@code host:path}: {@code nc 10.0.0.1 4444}. */
    static Optional<String> bareHost(String word) {
        if (word.isEmpty() || word.startsWith("-") || !HOST_PORT.matcher(word).matches()) {
            return Optional.empty();
        }
        String host = word.split("[:/]", 2)[0].toLowerCase(Locale.ROOT);
        if (host.chars().allMatch(Character::isDigit)
                && !NUMERIC_HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        return host.contains(".") || isRawIp(host) || host.equals("localhost") ? Optional.of(host) : Optional.empty();
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
            if (host.equals(domain) || host.endsWith("." + domain)) {
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
