package dev.lighthouse.policy.rules;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One policy file, parsed and checked: a layer of a {@link dev.lighthouse.policy.Policy}.
 *
 * @param file the name it was loaded under
 * @param name {@code metadata.name}
 * @param description {@code metadata.description}
 * @param text the file's text; its hash is part of the policy version
 * @param defaultVerdict {@code settings.default}: the decision when no rule matches
 * @param trustedDomains {@code settings.trusted_domains}, added to the layers below
 * @param protectedPaths {@code settings.protected_paths}: absolute paths treated like system files
 * @param reviewRoute {@code settings.review_route}: routing hint for reviews whose rule names none
 * @param routes the {@code routes:} section: review routes by name, replacing same-named routes of lower layers
 * @param rules the rules, in file order
 * @param disable {@code settings.disable}: ids of rules of lower layers to switch off
 * @param fixtures the {@code tests:} cases
 * @param programs the {@code programs:} and {@code verbs:} sections: additions to the capability registry
 * @param leases {@code settings.leases}: what a write onto a path another agent leases gets, deny or review
 */
public record Layer(
        String file,
        String name,
        String description,
        String text,
        Optional<Verdict> defaultVerdict,
        Set<String> trustedDomains,
        List<String> protectedPaths,
        Optional<String> reviewRoute,
        Map<String, ReviewRoute> routes,
        List<Rule> rules,
        Set<String> disable,
        List<Fixture> fixtures,
        ProgramRegistry programs,
        Optional<Verdict> leases) {
    public Layer {
        requireNonNull(file, "file");
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(text, "text");
        requireNonNull(defaultVerdict, "defaultVerdict");
        trustedDomains = Set.copyOf(trustedDomains);
        protectedPaths = List.copyOf(protectedPaths);
        requireNonNull(reviewRoute, "reviewRoute");
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        rules = List.copyOf(rules);
        disable = Set.copyOf(disable);
        fixtures = List.copyOf(fixtures);
        requireNonNull(programs, "programs");
        requireNonNull(leases, "leases");
        if (leases.equals(Optional.of(Verdict.ALLOW))) {
            throw new IllegalArgumentException("settings.leases must be deny or review: a lease is not advisory");
        }
    }

    /** A layer that leaves {@code settings.leases} to the layers below. */
    public Layer(
            String file,
            String name,
            String description,
            String text,
            Optional<Verdict> defaultVerdict,
            Set<String> trustedDomains,
            List<String> protectedPaths,
            Optional<String> reviewRoute,
            Map<String, ReviewRoute> routes,
            List<Rule> rules,
            Set<String> disable,
            List<Fixture> fixtures,
            ProgramRegistry programs) {
        this(
                file,
                name,
                description,
                text,
                defaultVerdict,
                trustedDomains,
                protectedPaths,
                reviewRoute,
                routes,
                rules,
                disable,
                fixtures,
                programs,
                Optional.empty());
    }

    /** A layer that adds nothing to the capability registry. */
    public Layer(
            String file,
            String name,
            String description,
            String text,
            Optional<Verdict> defaultVerdict,
            Set<String> trustedDomains,
            List<String> protectedPaths,
            Optional<String> reviewRoute,
            Map<String, ReviewRoute> routes,
            List<Rule> rules,
            Set<String> disable,
            List<Fixture> fixtures) {
        this(
                file,
                name,
                description,
                text,
                defaultVerdict,
                trustedDomains,
                protectedPaths,
                reviewRoute,
                routes,
                rules,
                disable,
                fixtures,
                ProgramRegistry.empty());
    }
}
