package dev.lighthouse.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The policy module's layering, kept from coming back. From the bottom: {@code yaml} (the one position-keeping YAML
 * tree and its problems) depends on no other policy package; {@code code} (what interpreter code does, and the reader
 * of its knowledge file) reads YAML; {@code call} is the tool call; {@code facts} turns a call into acts with
 * {@code code} and {@code call}; {@code rules} parses policy files and matches acts. Nothing below {@code rules}
 * depends on it, and the packages have no cycles among them. The root package is the API ({@code Policy},
 * {@code Decision}, {@code Verdict}) that wires them.
 */
class LayeringTest {
    private static final JavaClasses POLICY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lighthouse.policy");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.lighthouse.policy.(*)..")
                .should()
                .beFreeOfCycles()
                .check(POLICY);
    }

    @Test
    void yamlDependsOnNoOtherPolicyPackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.policy.yaml..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lighthouse.policy",
                        "dev.lighthouse.policy.call..",
                        "dev.lighthouse.policy.code..",
                        "dev.lighthouse.policy.facts..",
                        "dev.lighthouse.policy.rules..")
                .check(POLICY);
    }

    @Test
    void codeKnowsNeitherCallsNorFactsNorRules() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.policy.code..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lighthouse.policy.call..",
                        "dev.lighthouse.policy.facts..",
                        "dev.lighthouse.policy.rules..")
                .check(POLICY);
    }

    @Test
    void factsAndCallsDoNotDependOnRules() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.lighthouse.policy.facts..", "dev.lighthouse.policy.call..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.lighthouse.policy.rules..")
                .check(POLICY);
    }
}
