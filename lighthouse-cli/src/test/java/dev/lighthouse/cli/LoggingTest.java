package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.cli.config.ConfigKeys.LogFormat;
import dev.lighthouse.cli.config.ConfigKeys.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        Logging.configure(LogFormat.TEXT, LogLevel.INFO);
    }

    private String logOnce(LogFormat format, LogLevel level) {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Logging.configure(format, level);
        LoggerFactory.getLogger("test").info("agent {} denied", "a1");
        LoggerFactory.getLogger("test").debug("hidden at info");
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void json_isOneObjectALine_withTheFormattedMessage() {
        String out = logOnce(LogFormat.JSON, LogLevel.INFO);

        assertThat(out.lines()).hasSize(1);
        assertThat(out)
                .startsWith("{")
                .contains("\"level\":\"INFO\"")
                .contains("\"formattedMessage\":\"agent a1 denied\"");
    }

    @Test
    void text_isReadable_andHonoursTheLevel() {
        String out = logOnce(LogFormat.TEXT, LogLevel.INFO);

        assertThat(out).contains("INFO").contains("agent a1 denied").doesNotContain("hidden");
    }
}
