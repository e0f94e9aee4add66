package dev.lighthouse.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The bridge's layering, kept from coming back: packages without cycles, the bridge's root (which wires everything)
 * depended on by none of them, domain code that does not speak HTTP, and a review module that knows neither.
 */
class LayeringTest {
    private static final JavaClasses BRIDGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lighthouse.bridge");
    private static final JavaClasses REVIEW = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lighthouse.review");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.lighthouse.bridge.(*)..")
                .should()
                .beFreeOfCycles()
                .check(BRIDGE);
    }

    @Test
    void noPackageDependsOnTheRootThatWiresThem() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.bridge.*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.lighthouse.bridge")
                .check(BRIDGE);
    }

    /** Alerts live in lighthouse-alert, which has neither Helidon nor the bridge to depend on. */
    @Test
    void domainCodeDoesNotSpeakHttp() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "..bridge.decision..",
                        "..bridge.rollout..",
                        "..bridge.sla..",
                        "..bridge.integrity..",
                        "..bridge.auth..",
                        "..bridge.limits..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.helidon..", "dev.lighthouse.bridge.http..")
                .check(BRIDGE);
    }

    /**
     * lighthouse-review is below the bridge: it takes the bridge's decided calls, callers and token holders through
     * its own small types ({@code DecidedCall}, {@code Voter}, {@code TokenHolders}), and never serves HTTP (its LLM
     * experts and webhook are clients, on the JDK's HttpClient).
     */
    @Test
    void reviewKnowsNeitherTheBridgeNorHttpServing() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.review..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lighthouse.bridge..", "io.helidon..", "io.modelcontextprotocol..")
                .check(REVIEW);
    }
}
