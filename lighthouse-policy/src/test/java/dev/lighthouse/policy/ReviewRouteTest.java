package dev.lighthouse.policy;

import static dev.lighthouse.policy.ShellCalls.decide;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.rules.LayerParser;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReviewRouteTest {

    private static List<String> problems(String text) {
        return LayerParser.parse("p.yaml", text).problems().stream()
                .map(Problem::toString)
                .toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            terraform apply -auto-approve            | production_deployment
            kubectl apply -f deployment.yaml         | production_deployment
            psql -c 'DROP TABLE users'               | database_operation
            sudo systemctl restart nginx             | security_command
            iptables -A INPUT -p tcp --dport 22 -j ACCEPT | network_change
            firewall-cmd --add-port=8080/tcp         | network_change
            """)
    void defaultPolicy_routesTheSeedScenarios(String command, String route) {
        Decision d = decide(Policies.defaultPolicy(), command);
        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.route()).get().extracting(ReviewRoute::name).isEqualTo(route);
        assertThat(d.route().get().reviewers()).containsExactly("human");
        assertThat(d.route().get().quorum()).isEqualTo(1);
    }

    @Test
    void defaultPolicy_allowAndDeny_carryNoRoute() {
        assertThat(decide(Policies.defaultPolicy(), "ls -la").route()).isEmpty();
        assertThat(decide(Policies.defaultPolicy(), "rm -rf /").route()).isEmpty();
    }

    @Test
    void layer_overridesRouteByName_keepingTheRuleThatNamesIt() {
        Layer team = Policies.parse("team.yaml", """
                routes:
                  production_deployment:
                    reviewers: [human, llm:claude, agent:terraform]
                    quorum: 2
                    mode: majority
                    timeout: 30m
                    on_timeout: allow
                    wait: 0
                    guidance: Plans must be attached.
                """);
        Policy policy = Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team));
        ReviewRoute route = decide(policy, "terraform apply").route().orElseThrow();
        assertThat(route)
                .isEqualTo(new ReviewRoute(
                        "production_deployment",
                        List.of("human", "llm:claude", "agent:terraform"),
                        2,
                        ReviewRoute.Mode.MAJORITY,
                        Duration.ofMinutes(30),
                        Verdict.ALLOW,
                        Duration.ZERO,
                        "Plans must be attached."));
        assertThat(route.admitsLlm("llm:claude")).isTrue();
        assertThat(route.admitsLlm("llm:gpt")).isFalse();
        assertThat(route.capabilities()).containsExactly("terraform");
        assertThat(decide(policy, "psql -c 'DROP TABLE t'")
                        .route()
                        .orElseThrow()
                        .quorum())
                .isEqualTo(1);
    }

    /** Issue 19: a layer's rule for {@code kubectl delete} lost to the default's {@code kubernetes-change} route. */
    @Test
    void severalMatchingRules_theHighestLayersRouteWins_thenTheFirstInItsFile() {
        Layer team = Policies.parse("team.yaml", """
                routes:
                  cluster_delete: {reviewers: [human], quorum: 2}
                  cluster_other: {reviewers: [human], quorum: 1}
                rules:
                  - {id: cluster-delete, decision: review, route: cluster_delete,
                     match: {program: kubectl, subcommand: delete}, reason: Deletes from a cluster.}
                  - {id: cluster-any, decision: review, route: cluster_other,
                     match: {program: kubectl}, reason: Touches a cluster.}
                """);
        Policy policy = Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team));

        Decision delete = decide(policy, "kubectl delete pod web-1");
        assertThat(delete.ruleIds()).contains("kubernetes-change", "cluster-delete", "cluster-any");
        assertThat(delete.route().orElseThrow().name()).isEqualTo("cluster_delete");
        assertThat(delete.route().orElseThrow().quorum()).isEqualTo(2);
        assertThat(policy.routeRule(delete.reasons()).orElseThrow().id()).isEqualTo("cluster-delete");

        assertThat(decide(policy, "kubectl apply -f x.yaml")
                        .route()
                        .orElseThrow()
                        .name())
                .isEqualTo("cluster_other");
        assertThat(decide(Policies.defaultPolicy(), "kubectl delete pod web-1")
                        .route()
                        .orElseThrow()
                        .name())
                .isEqualTo("production_deployment");
    }

    @Test
    void route_namedButNotDeclared_isOneHumanApproval() {
        Layer layer = Policies.parse("p.yaml", """
                rules:
                  - {id: deploy, decision: review, route: releases, match: {program: deploy}, reason: Deploys.}
                """);
        assertThat(decide(Policy.of(List.of(layer)), "deploy now").route()).contains(ReviewRoute.defaults("releases"));
    }

    @Test
    void parse_badRoutes_reportWhereAndWhat() {
        assertThat(problems("""
                        routes:
                          ops:
                            reviewers: [human, robot]
                            quorum: 0
                            mode: vetoo
                            timeout: 10 minutes
                            on_timeout: review
                            wiat: 5s
                        """))
                .containsExactly(
                        "p.yaml:8:5: unknown route key \"wiat\" (did you mean \"wait\"?)",
                        "p.yaml:3:16: unknown reviewer \"robot\"; expected human, llm, llm:NAME or agent:CAPABILITY",
                        "p.yaml:4:13: quorum must be a whole number of at least 1, got \"0\"",
                        "p.yaml:5:11: unknown mode \"vetoo\" (did you mean \"veto\"?)",
                        "p.yaml:6:14: expected a duration like 50s, 10m, 1h or 2d, got \"10 minutes\"",
                        "p.yaml:7:17: unknown on_timeout \"review\"; expected one of deny, allow");
    }

    @ParameterizedTest
    @CsvSource({"0,PT0S", "50s,PT50S", "10m,PT10M", "1h,PT1H", "2d,PT48H", "250ms,PT0.25S"})
    void duration_readsNumberAndUnit(String text, Duration want) {
        assertThat(ReviewRoute.duration(text)).isEqualTo(want);
    }
}
