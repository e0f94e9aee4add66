package dev.lighthouse.bridge.limits;

/**
 * Size limits on what a caller may send; over any of them a hook gets a deny, other endpoints a 4xx.
 *
 * @param bodyBytes largest request body
 * @param jsonDepth deepest nesting of JSON objects and arrays
 * @param commandChars longest shell command a Bash-like tool may carry
 * @param inFlight most calls decided at once; more wait briefly, then are refused as overloaded
 */
public record Limits(int bodyBytes, int jsonDepth, int commandChars, int inFlight) {
    public Limits {
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight limit must be at least 1, got " + inFlight);
        }
        if (bodyBytes < 1024 || jsonDepth < 4 || commandChars < 16) {
            throw new IllegalArgumentException(
                    "limits too small to be useful: body %d bytes (min 1024), depth %d (min 4), command %d chars (min 16)"
                            .formatted(bodyBytes, jsonDepth, commandChars));
        }
    }

    /** 1 MiB bodies (the reference's event limit), 64 levels of JSON, 64 Ki characters of shell, 4,096 in flight. */
    public static Limits defaults() {
        return new Limits(1 << 20, 64, 64 * 1024, 4096);
    }
}
