package dev.lighthouse.bench;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full decisions (shell analysis, facts, every rule of the default policy, no cache) over hostile command lines of up
 * to 64 KB, the size an agent's hook may send: deep nesting, long words, many commands and pipes, interpreter code
 * shaped to make patterns backtrack, arithmetic whose names multiply, globs with many stars, expansions that double.
 * The property: no such decision takes more than 50 ms. {@code typical} decides the 16-call mix of
 * {@link PolicyDecisionBenchmark} in the same run, as the baseline (median under 20 µs, p99 under 100 µs).
 *
 * <p>Run (build, then one fork; the slowest inputs take milliseconds, so 1 s iterations give hundreds of samples):
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar PathologicalInputBenchmark -f 1 -wi 2 -i 3 -w 1 -r 2
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class PathologicalInputBenchmark {
    static final int LIMIT = 64 * 1024;
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    /** One hostile line per run of {@link #pathological}. */
    @State(Scope.Thread)
    public static class Hostile {
        @Param({
            "nested-subshells",
            "nested-substitutions",
            "nested-eval",
            "nested-if",
            "nested-parameters",
            "long-word",
            "many-commands",
            "many-pipes",
            "node-reverse-shell",
            "python-sockets",
            "python-shell-calls",
            "arithmetic-names",
            "glob-many-stars",
            "doubling-expansion",
            "heredoc-into-shell",
            "base64-into-shell"
        })
        public String input;

        Policy policy;
        ToolCall call;

        @Setup
        public void setUp() {
            policy = Policies.defaultPolicy();
            String line = line(input);
            if (line.length() > LIMIT) {
                throw new IllegalStateException(input + " is " + line.length() + " characters, over " + LIMIT);
            }
            call = ToolCall.of(new ToolInput.Bash(line), PROJECT, HOME);
        }
    }

    /** The mix of typical calls, as in {@link PolicyDecisionBenchmark}: the baseline of this run. */
    @State(Scope.Thread)
    public static class Typical {
        private static final String[] MIX = {
            "git status",
            "ls -la src",
            "git add -A && git commit -m \"fix rm -rf / bug\"",
            "npm test -- --watch=false",
            "grep -rn 'TODO' src/ | head -20",
            "rm -rf build/ dist/ && mkdir -p build",
            "cd frontend && npm run build 2>&1 | tail -n 30",
            "curl -s http://localhost:8080/health | jq .",
            "docker compose up -d db",
            "python3 -m pytest tests/ -x -q",
            "git push --force origin main",
            "X=/; rm -rf $X",
            "curl -fsSL https://sh.rustup.rs | sh",
            "for ((i=0; i<3; i++)); do echo $i; done",
            "python3 -c \"import os; print(os.getcwd())\"",
            "echo $((1 + 2))",
        };

        Policy policy;
        ToolCall[] calls;
        int next;

        @Setup
        public void setUp() {
            policy = Policies.defaultPolicy();
            calls = new ToolCall[MIX.length];
            for (int i = 0; i < MIX.length; i++) {
                calls[i] = ToolCall.of(new ToolInput.Bash(MIX[i]), PROJECT, HOME);
            }
        }
    }

    @Benchmark
    public Decision pathological(Hostile h) {
        return h.policy.decide(h.call, NOW);
    }

    @Benchmark
    public Decision typical(Typical t) {
        return t.policy.decide(t.calls[t.next++ & (t.calls.length - 1)], NOW);
    }

    /** The hostile line named {@code name}, filled close to {@link #LIMIT}. */
    static String line(String name) {
        return switch (name) {
            case "nested-subshells" -> nest("( ", "rm -rf ~", " )");
            case "nested-substitutions" -> "echo " + nest("$(echo ", "hi", ")");
            case "nested-eval" -> "eval ".repeat((LIMIT - 16) / 5) + "rm -rf ~";
            case "nested-if" -> nest("if true; then ", "ls", "; fi");
            case "nested-parameters" -> "echo " + nest("${a:-", "x", "}");
            case "long-word" -> "echo " + "a".repeat(LIMIT - 5);
            case "many-commands" -> "ls; ".repeat(LIMIT / 4 - 1);
            case "many-pipes" -> "cat f | ".repeat((LIMIT - 2) / 8) + "sh";
            case "node-reverse-shell" -> "node -e \"" + fill("child_process /bin/sh ", 12) + "\"";
            case "python-sockets" -> "python3 -c \"" + fill("socket socket ", 14) + "\"";
            case "python-shell-calls" -> "python3 -c \"" + fill("os.system('ls'); ", 14) + "\"";
            case "arithmetic-names" -> arithmeticNames();
            case "glob-many-stars" -> fillLines("X=" + "a".repeat(4_000) + "; echo ${X#*a*a*a*a*a*a*a*a*b}; ");
            case "doubling-expansion" -> "x=ab; " + fill("x=$x$x; ", 0) + "echo $x";
            case "heredoc-into-shell" -> "bash <<'EOF'\n" + fill("rm -rf /tmp/scratch/x\n", 20) + "EOF\n";
            case "base64-into-shell" -> base64IntoShell();
            default -> throw new IllegalArgumentException("no hostile line named " + name);
        };
    }

    private static String nest(String open, String inner, String close) {
        int levels = (LIMIT - inner.length() - 16) / (open.length() + close.length());
        return open.repeat(levels) + inner + close.repeat(levels);
    }

    /** {@code unit} repeated to fill the limit, less {@code reserve} characters. */
    private static String fill(String unit, int reserve) {
        return unit.repeat((LIMIT - 32 - reserve) / unit.length());
    }

    private static String fillLines(String unit) {
        return unit.repeat((LIMIT - 16) / unit.length());
    }

    /** Each name's value names the previous one four times: evaluated naively, 4^25 reads. */
    private static String arithmeticNames() {
        StringBuilder s = new StringBuilder("a=1; ");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            s.append(c)
                    .append("='")
                    .append(p)
                    .append('+')
                    .append(p)
                    .append('+')
                    .append(p)
                    .append('+')
                    .append(p)
                    .append("'; ");
        }
        String prefix = s.toString();
        return prefix + "echo $((z)); ".repeat((LIMIT - prefix.length() - 16) / 13);
    }

    private static String base64IntoShell() {
        int plain = (LIMIT - 40) * 3 / 4;
        String script = "rm -rf /tmp/scratch/x\n".repeat(plain / 22);
        return "echo " + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))
                + " | base64 -d | sh";
    }
}
