package dev.lighthouse.bench;

import dev.lighthouse.policy.facts.Redactor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link Redactor#redact(String)}, which the bridge runs on every call's text before it records the decision,
 * over {@link ShellAnalysisBenchmark#MIX} (no line holds a secret of the scanner's kinds, as most calls do not) and
 * over lines that do, with the harness's own cost measured in the same run. Sample mode: median and p99 per call.
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar RedactionBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedactionBenchmark {
    private static final String[] WITH_SECRETS = {
        "PGPASSWORD=hunter2 psql -h db -c 'select 1'",
        "git push https://x:ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8@github.com/o/r main",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1234 aws s3 ls",
        "curl -H 'Authorization: Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789' https://api.example.com",
    };

    private final Redactor redactor = new Redactor(new byte[32]);
    private int next;

    @Benchmark
    public String ordinaryLines() {
        return redactor.redact(ShellAnalysisBenchmark.MIX[next++ & (ShellAnalysisBenchmark.MIX.length - 1)]);
    }

    @Benchmark
    public String linesWithSecrets() {
        return redactor.redact(WITH_SECRETS[next++ & (WITH_SECRETS.length - 1)]);
    }

    /** The cost of the harness itself: choosing the line and touching it. */
    @Benchmark
    public int baseline() {
        String line = ShellAnalysisBenchmark.MIX[next++ & (ShellAnalysisBenchmark.MIX.length - 1)];
        return line.length() + line.charAt(0);
    }
}
