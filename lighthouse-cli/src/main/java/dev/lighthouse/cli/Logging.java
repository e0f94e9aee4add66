package dev.lighthouse.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.lighthouse.cli.config.ConfigKeys.LogFormat;
import dev.lighthouse.cli.config.ConfigKeys.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at standard error in the configured format. Standard output stays free for command results (JSON
 * lines, tables), so logs never corrupt what scripts read.
 */
final class Logging {
    private static final java.util.List<String> QUIET_AT_INFO = java.util.List.of("com.zaxxer.hikari", "org.flywaydb");

    private Logging() {}

    static void configure(LogFormat format, LogLevel level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        Encoder<ILoggingEvent> encoder = switch (format) {
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setPattern(
                        System.console() != null
                                ? "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%logger{20}) %msg%n"
                                : "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{20} %msg%n");
                yield text;
            }
            case JSON -> {
                JsonEncoder json = new JsonEncoder();
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithContext(false);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithMDC(false);
                json.setWithFormattedMessage(true);
                yield json;
            }
        };
        encoder.setContext(context);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.name()));
        root.addAppender(console);
        // Connection-pool and migration chatter is noise at info; it stays visible at debug.
        if (level.compareTo(LogLevel.INFO) <= 0) {
            for (String chatty : QUIET_AT_INFO) {
                context.getLogger(chatty).setLevel(Level.WARN);
            }
        }
    }
}
