package dev.lighthouse.review;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The board asks experts through {@link Expert} only: LLM experts ({@code llm}) are one kind, wired by whoever builds
 * the board, so the board works the same with none of them. (That this module knows nothing of the bridge is checked
 * by the bridge's own layering test, where both are on the class path.)
 */
class LayeringTest {
    private static final JavaClasses REVIEW = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lighthouse.review");

    @Test
    void theBoardKnowsExpertsByTheirInterfaceOnly() {
        noClasses()
                .that()
                .resideInAPackage("dev.lighthouse.review")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.lighthouse.review.llm..")
                .check(REVIEW);
    }
}
