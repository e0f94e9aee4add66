package dev.lighthouse.cli.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found by a deliberately small tokenizer rather than a parser:
 *
 * <ol>
 *   <li>string literals ({@code "…"}, {@code '…'}, {@code `…`}) are dropped, and with them label values;
 *   <li>label matchers {@code {…}} and range or subquery selectors {@code […]} are dropped (label names, durations,
 *       Grafana variables such as {@code $__rate_interval});
 *   <li>the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 *       {@code group_right} are dropped;
 *   <li>of the identifiers left ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}), those followed by {@code (} are functions or
 *       aggregations and the binary-operator keywords are skipped; every other one is a metric name.
 * </ol>
 *
 * <p>It is enough for the queries under {@code deploy/}, which name metrics plainly (no {@code {__name__=…}}).
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String rest = STRING.matcher(expr).replaceAll(" ");
        rest = BRACES.matcher(rest).replaceAll(" ");
        rest = BRACKETS.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String name = m.group().replaceAll("[\\s(]", "");
            if (m.group(1) == null && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
