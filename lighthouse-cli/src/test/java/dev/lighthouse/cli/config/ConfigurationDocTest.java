package dev.lighthouse.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the reference users read: it must list exactly the keys Lighthouse knows. */
class ConfigurationDocTest {
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z0-9.-]+)` \\| `(LIGHTHOUSE_[A-Z0-9_]+)`.*\\| `([^`]*)` \\|", Pattern.MULTILINE);

    @Test
    void configurationDoc_listsEveryKey_withItsVariableAndDefault() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        Matcher rows = ROW.matcher(doc);
        List<String> documented = new java.util.ArrayList<>();
        while (rows.find()) {
            String name = rows.group(1);
            documented.add(name);
            ConfigKey<?> key = ConfigKeys.BY_NAME.get(name);
            assertThat(key).as("documented key %s exists", name).isNotNull();
            assertThat(rows.group(2)).as("variable of %s", name).isEqualTo(key.envVar());
            assertThat(rows.group(3)).as("default of %s", name).isEqualTo(key.defaultValue());
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(ConfigKeys.BY_NAME.keySet());
    }
}
