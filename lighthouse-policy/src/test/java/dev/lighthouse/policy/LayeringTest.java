package dev.lighthouse.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The policy module's layering, kept from coming back. From the bottom: {@code yaml} (the one position-keeping YAML
 * tree, its problems and the exception that carries them) and {@code verdict} (what a decision can say: verdict, risk,
 * review route) depend on no package above them; {@code code} (what interpreter code does, and the reader of its
 * knowledge file) reads YAML; {@code call} is the tool call and where in it a reason was found; {@code facts} turns a
 * call into acts with {@code code} and {@code call}; {@code rules} parses policy files and matches acts. Nothing below
 * {@code rules} depends on it. The root package is the API ({@code Policy}, {@code Decision}, {@code PolicyEngine})
 * that wires them: it depends on every package and none depends on it, and no two packages, the root included, depend
 * on each other.
 */
class LayeringTest {
    private static final JavaClasses POLICY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lighthouse.policy");

    @Test
    void packagesHaveNoCycles() {
        // (**) makes the root package a slice of its own, beside each sub-package
        slices().matching("dev.lighthouse.(**)").should().beFreeOfCycles().check(POLICY);
    }

    @Test
    void noSubPackageDependsOnTheRoot() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.policy.(*)..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.lighthouse.policy")
                .check(POLICY);
    }

    @Test
    void verdictsDependOnNoOtherPolicyPackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.policy.verdict..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.lighthouse.policy",
                        "dev.lighthouse.policy.call..",
                        "dev.lighthouse.policy.code..",
                        "dev.lighthouse.policy.facts..",
                        "dev.lighthouse.policy.rules..",
                        "dev.lighthouse.policy.yaml..")
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
                        "dev.lighthouse.policy.rules..",
                        "dev.lighthouse.policy.verdict..")
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
