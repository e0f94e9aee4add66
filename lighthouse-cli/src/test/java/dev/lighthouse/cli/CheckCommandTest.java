package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lighthouse check} and {@code lighthouse policy} as scripts use them. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        // No bridge answers here, so check decides under the local files whatever runs on this machine.
        CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_SERVER_LISTEN", "127.0.0.1:" + closedPort()), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ((CheckCommand) cmd.getSubcommands().get("check").getCommand()).stdin =
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return cmd.execute(args);
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jsonl_commitMessageMentioningRmRf_isAllowed() {
        String line =
                "{\"id\":\"1\",\"tool\":\"Bash\",\"input\":{\"command\":\"git commit -m \\\"fix rm -rf / bug\\\"\"},\"cwd\":\"/tmp/p\"}\n";
        assertThat(run(line, "check", "--jsonl")).isZero();
        assertThat(out.toString())
                .startsWith("{\"id\":\"1\",\"decision\":\"allow\",\"recognised\":true,\"risk\":\"low\","
                        + "\"rules\":[\"local-project-work\"],\"reasons\":[{\"rule\":\"local-project-work\"");
    }

    @Test
    void jsonl_malformedLine_getsErrorObject_andProcessingContinues() {
        String lines = "not json\n{\"id\":\"2\",\"tool\":\"Write\",\"input\":{}}\n"
                + "{\"id\":\"3\",\"tool\":\"Write\",\"input\":{\"file_path\":\"/etc/hosts\",\"content\":\"x\"},\"cwd\":\"/tmp\"}\n";
        assertThat(run(lines, "check", "--jsonl")).isZero();
        String[] answers = out.toString().split("\n");
        assertThat(answers).hasSize(3);
        assertThat(answers[0]).contains("\"error\":\"line 1: not JSON");
        assertThat(answers[1]).contains("\"id\":\"2\"").contains("needs a string field \\\"file_path\\\"");
        assertThat(answers[2])
                .contains("\"id\":\"3\"")
                .contains("\"decision\":\"deny\"")
                .contains("\"rules\":[\"write-system\"]");
    }

    @Test
    void explain_rootDeletionThroughVariable_showsRuleAndEvidence_exitDeny() {
        assertThat(run("", "check", "--explain", "--cwd", dir.toString(), "--", "X=/; rm -rf $X"))
                .isEqualTo(4);
        assertThat(out.toString())
                .startsWith("deny  (risk critical")
                .contains("delete-system")
                .contains("X=/; rm -rf $X\n               ^^^^^^^^^")
                .contains("delete:  / [root, system] recursive");
    }

    @Test
    void json_review_hasSchemaVersionAndExitThree() {
        assertThat(run("", "check", "--json", "--cwd", dir.toString(), "--", "git push --force"))
                .isEqualTo(3);
        assertThat(out.toString()).contains("\"decision\":\"review\"").contains("\"schema_version\":1");
    }

    @Test
    void writeTool_withContentFile_isJudgedByPathAndContent() throws IOException {
        Path content = Files.writeString(dir.resolve("key.txt"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
        assertThat(run(
                        "",
                        "check",
                        "--cwd",
                        dir.toString(),
                        "--tool",
                        "Write",
                        "--path",
                        "deploy.key",
                        "--content-file",
                        content.toString()))
                .isEqualTo(3);
        assertThat(out.toString()).contains("secret-in-content");
    }

    @Test
    void policyValidate_reportsEveryProblemWithPosition() throws IOException {
        Path file = Files.writeString(dir.resolve("p.yaml"), "rules:\n  - id: a\n    decision: dney\n    reason: r\n");
        assertThat(run("", "policy", "validate", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(file + ":3:15: unknown decision \"dney\" (did you mean \"deny\"?)");
    }

    @Test
    void policyTestAndDiff_runFixturesAndCorpus() throws IOException {
        Path file = Files.writeString(dir.resolve("team.yaml"), """
                rules:
                  - {id: no-publish, decision: deny, match: {signal: publish}, reason: releases go through CI}
                tests:
                  - {command: npm publish, expect: deny, rule: no-publish}
                """);
        assertThat(run("", "policy", "test", file.toString())).isZero();
        assertThat(out.toString())
                .contains("0 failed")
                .contains("corpus, development set")
                .contains("corpus, held-out set")
                .contains("dangerous calls allowed")
                .contains("ordinary recognised as safe");
        out.getBuffer().setLength(0);
        assertThat(run("", "policy", "diff", "default", file.toString())).isZero();
        assertThat(out.toString()).contains("review -> deny").contains("corpus review-publish-001");
    }

    /** Issue 19: which rule's route a review goes by is visible in validate, test and check --explain. */
    @Test
    void routes_ofSeveralMatchingRules_areWarnedTestedAndExplained() throws IOException {
        Path file = Files.writeString(dir.resolve("team.yaml"), """
                routes:
                  cluster_delete: {reviewers: [human], quorum: 2}
                  cluster_any: {reviewers: [human], quorum: 1}
                rules:
                  - {id: cluster-any, decision: review, route: cluster_any, match: {program: kubectl},
                     reason: Touches a cluster.}
                  - {id: cluster-delete, decision: review, route: cluster_delete,
                     match: {program: kubectl, subcommand: delete}, reason: Deletes from a cluster.}
                tests:
                  - {command: kubectl delete pod web-1, expect: review, route: cluster_delete}
                """);

        assertThat(run("", "policy", "validate", file.toString())).isZero();
        assertThat(out.toString()).contains("1 warning");
        assertThat(err.toString())
                .startsWith("warning: " + file + ":7: rule \"cluster-delete\" routes to cluster_delete, but where rule"
                        + " \"cluster-any\" (" + file + ":5) matches too the review goes by its cluster_any");

        assertThat(run("", "policy", "test", file.toString())).isEqualTo(1);
        assertThat(out.toString())
                .contains("expected review via route cluster_delete, got review")
                .contains("via route cluster_any");

        assertThat(run("", "check", "--explain", "--policy", file.toString(), "--", "kubectl delete pod web-1"))
                .isEqualTo(3);
        assertThat(out.toString())
                .contains("kubernetes-change: Changes a Kubernetes cluster.  [route production_deployment]")
                .contains("cluster-delete: Deletes from a cluster.  [route cluster_delete]")
                .contains("route:   cluster_any (rule cluster-any, " + file + ":5;");
    }

    /** A new gathering's first figures: the rows of named sources scored alone; an unknown name is a usage error. */
    @Test
    void policyTest_withSource_printsThatSourcesFigures() {
        long rows = Corpus.builtIn().rows().stream()
                .filter(r -> r.source().id().equals("gtfobins"))
                .count();
        assertThat(run("", "policy", "test", "--source", "gtfobins")).isZero();
        assertThat(out.toString())
                .contains("corpus, sources gtfobins (" + rows + " calls):\n  dangerous calls allowed");
        out.getBuffer().setLength(0);
        assertThat(run("", "policy", "test", "--source", "no-such-source")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown corpus source [no-such-source]");
    }

    @Test
    void policyShowDefault_printsTheYaml() {
        assertThat(run("", "policy", "show", "default")).isZero();
        assertThat(out.toString()).contains("id: delete-system");
    }
}
