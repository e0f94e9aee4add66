package dev.lighthouse.coordination.expert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.coordination.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One registry: what an agent registers and what its token declares, kept across restarts. */
class ExpertRegistryTest {
    @TempDir
    Path dir;

    @Test
    void capabilities_areTheRegisteredAndTheDeclared_andSurviveARestart() {
        Map<String, Set<String>> tokens = Map.of("dba", Set.of("security"));
        try (TestStore db = new TestStore(dir)) {
            ExpertRegistry registry =
                    new ExpertRegistry(db.store(), Clock.systemUTC(), a -> tokens.getOrDefault(a, Set.of()));
            assertThat(registry.register("dba", Set.of("database", "sql"))).isEmpty();

            db.restart();
            ExpertRegistry again =
                    new ExpertRegistry(db.store(), Clock.systemUTC(), a -> tokens.getOrDefault(a, Set.of()));
            again.recover();

            assertThat(again.capabilities("dba")).containsExactlyInAnyOrder("database", "sql", "security");
            assertThat(again.registered())
                    .extracting(ExpertRegistry.Expert::agent)
                    .containsExactly("dba");
            assertThat(again.capabilities("nobody")).isEmpty();
        }
    }

    @Test
    void register_replacesTheEarlierSet_andEmptyWithdraws() {
        try (TestStore db = new TestStore(dir)) {
            ExpertRegistry registry = new ExpertRegistry(db.store(), Clock.systemUTC(), a -> Set.of());
            registry.register("dba", Set.of("database"));
            registry.register("dba", Set.of("sql"));
            assertThat(registry.capabilities("dba")).containsExactly("sql");

            registry.register("dba", Set.of());
            assertThat(registry.capabilities("dba")).isEmpty();
            assertThat(registry.registered()).isEmpty();
        }
    }

    @Test
    void register_aMalformedCapability_isRefusedAndNothingStored() {
        try (TestStore db = new TestStore(dir)) {
            ExpertRegistry registry = new ExpertRegistry(db.store(), Clock.systemUTC(), a -> Set.of());

            assertThat(registry.register("dba", Set.of("data base")))
                    .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("capabilities"));
            assertThat(db.events()).isEmpty();
        }
    }
}
