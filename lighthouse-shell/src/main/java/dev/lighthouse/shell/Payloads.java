package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.AnsiC;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The literal output of a command when it can be known without running anything: {@code echo} and {@code printf}
 * of literal words, {@code cat} of a here-document, and decoders ({@code base64 -d}, {@code xxd -r -p},
 * {@code openssl enc -d -base64}, {@code rev}) applied to such output. This is how {@code echo cm0gLXJmIC8= |
 * base64 -d | sh} is seen to run {@code rm -rf /}.
 */
final class Payloads {
    /** Decoded output is capped: a payload is code for a shell, not a file. */
    static final int MAX_PAYLOAD_CHARS = 100_000;

    /**
     * Output known statically.
     *
     * @param text the output
     * @param stages the decoding stages applied, e.g. {@code [base64 -d]}; empty when the literal was not decoded
     * @param source the program that produced the literal ({@code echo}, {@code printf}, {@code cat}, or the decoder
     *     itself when it read a here-string)
     */
    record Payload(String text, List<String> stages, String source) {
        boolean decoded() {
            return !stages.isEmpty();
        }

        /** The route label for code run by {@code shell}: {@code base64 -d | sh}, {@code echo | sh}. */
        String via(String shell) {
            return (decoded() ? String.join(" | ", stages) : source) + " | " + shell;
        }
    }

    private Payloads() {}

    static Optional<Payload> output(Command c) {
        List<String> args = c.argValues();
        if (c.args().stream().anyMatch(Word::dynamic)) {
            return Optional.empty();
        }
        return switch (c.program()) {
            case "echo" -> Optional.of(new Payload(echo(args), List.of(), "echo"));
            case "printf" ->
                args.isEmpty() ? Optional.empty() : Optional.of(new Payload(printf(args), List.of(), "printf"));
            case "cat" -> args.stream().allMatch(a -> a.equals("-")) ? input(c) : Optional.empty();
            case "base64" ->
                args.contains("-d") || args.contains("--decode") || args.contains("-D")
                        ? decode(c, "base64 -d", Payloads::base64)
                        : Optional.empty();
            case "xxd" ->
                args.contains("-r") && (args.contains("-p") || args.contains("-ps") || args.contains("-plain"))
                        ? decode(c, "xxd -r -p", Payloads::hex)
                        : Optional.empty();
            case "openssl" ->
                args.contains("-d") && (args.contains("-base64") || args.contains("-a") || args.contains("base64"))
                        ? decode(c, "openssl enc -d", Payloads::base64)
                        : Optional.empty();
            case "rev" -> args.isEmpty() ? decode(c, "rev", Payloads::reverseLines) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** What feeds the command's stdin, when known. */
    static Optional<Payload> input(Command c) {
        return switch (c.stdin()) {
            case Input.Text t ->
                t.text().dynamic()
                        ? Optional.empty()
                        : Optional.of(new Payload(t.text().value(), List.of(), c.program()));
            case Input.Pipe p ->
                p.upstream().isEmpty() ? Optional.empty() : output(p.upstream().getLast());
            case Input.File _, Input.Inherited _ -> Optional.empty();
        };
    }

    private interface Decoder {
        Optional<String> apply(String text);
    }

    private static Optional<Payload> decode(Command c, String stage, Decoder decoder) {
        return input(c).flatMap(in -> decoder.apply(in.text()).map(out -> {
            List<String> stages = new ArrayList<>(in.stages());
            stages.add(stage);
            return new Payload(out, stages, in.source());
        }));
    }

    private static String echo(List<String> args) {
        int i = 0;
        boolean newline = true;
        boolean escapes = false;
        while (i < args.size() && args.get(i).matches("-[neE]+")) {
            newline &= !args.get(i).contains("n");
            escapes |= args.get(i).contains("e");
            i++;
        }
        String text = String.join(" ", args.subList(i, args.size()));
        return (escapes ? AnsiC.decode(text) : text) + (newline ? "\n" : "");
    }

    private static String printf(List<String> args) {
        String format = AnsiC.decode(args.getFirst());
        List<String> values = args.subList(1, args.size());
        StringBuilder out = new StringBuilder();
        int v = 0;
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch == '%' && i + 1 < format.length()) {
                char spec = format.charAt(++i);
                if (spec == '%') {
                    out.append('%');
                } else {
                    String value = v < values.size() ? values.get(v++) : "";
                    out.append(spec == 'b' ? AnsiC.decode(value) : value);
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static Optional<String> base64(String text) {
        String compact = text.replaceAll("\\s+", "");
        try {
            byte[] bytes = compact.contains("-") || compact.contains("_")
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getMimeDecoder().decode(compact);
            return bounded(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** Base64 of UTF-16LE text, as PowerShell's {@code -EncodedCommand} takes it. */
    static Optional<String> utf16Base64(String text) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(text.replaceAll("\\s+", ""));
            return bytes.length % 2 == 0 ? bounded(new String(bytes, StandardCharsets.UTF_16LE)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static Optional<String> hex(String text) {
        String compact = text.replaceAll("\\s+", "");
        if (compact.length() % 2 != 0 || !compact.matches("[0-9a-fA-F]*")) {
            return Optional.empty();
        }
        return bounded(new String(HexFormat.of().parseHex(compact), StandardCharsets.UTF_8));
    }

    private static Optional<String> reverseLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(new StringBuilder(line).reverse()).append('\n');
        }
        return bounded(out.substring(0, Math.max(0, out.length() - 1)));
    }

    private static Optional<String> bounded(String s) {
        return s.length() <= MAX_PAYLOAD_CHARS ? Optional.of(s) : Optional.empty();
    }
}
