package dev.lighthouse.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line of the table of tricky command lines gives exactly its expected effective commands. */
class EffectiveCommandsTableTest {
    static List<Table.Case> cases() {
        return Table.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void line_givesItsEffectiveCommands(Table.Case c) {
        Analysis a = ShellAnalyser.analyse(c.line(), Table.CONTEXT);

        assertThat(Table.render(a)).as(c.toString()).isEqualTo(c.expected());
    }

    @Test
    void table_hasAtLeast300Lines() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(300);
    }
}
