package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.cryptomator.jfuse.api.DirFiller;
import org.junit.jupiter.api.Test;

/**
 * Directory entries go to libfuse directly with jfuse's Linux filler (a listing through a real mount is in
 * {@link FirstCommandTest} and {@link ConformanceTest}), and through {@link DirFiller#fill} with any other.
 */
class DirEntriesTest {
    @Test
    void jfusesLinuxFiller_isFilledDirectly_soAnUpgradeThatChangesItShowsHere() throws Exception {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "amd64";
        Class<?> filler = Class.forName("org.cryptomator.jfuse.linux.%s.DirFillerImpl".formatted(arch));

        assertThat(DirEntries.direct(filler.asSubclass(DirFiller.class))).isTrue();
    }

    @Test
    void anotherFiller_getsDotDotDotAndTheNamesInOrder_untilItIsFull() {
        List<String> filled = new ArrayList<>();
        DirFiller full = (name, stat, offset, flags) -> {
            filled.add(name);
            return filled.size() < 4 ? 0 : 1;
        };

        boolean direct = DirEntries.fill(full, List.of("a", "b", "c", "d"));

        assertThat(direct).isFalse();
        assertThat(filled).containsExactly(".", "..", "a", "b");
    }

    @Test
    void warmUp_handsEveryNameThroughTheDowncall_toAFillerThatTakesThemAll() {
        assertThat(DirEntries.warmUp(List.of("1-allow-a.json", "2-deny-b.json", "x".repeat(300))))
                .isEqualTo(3);
    }

    @Test
    void aMountsWarmUp_runsAWholeMadeUpHourThroughThePageTheNamesAndTheFiller() {
        assertThat(Decisions.warmUp(2_000, 2)).isEqualTo(4_000);
    }
}
