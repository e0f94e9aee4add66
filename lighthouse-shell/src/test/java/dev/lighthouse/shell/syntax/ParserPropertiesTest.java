package dev.lighthouse.shell.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the parser over seeded random input. Each test prints its seed; to reproduce a failure, set the
 * seed printed in the failure message as {@code SEED} below.
 */
class ParserPropertiesTest {
    private static final long SEED = 20261123L;
    private static final int GARBAGE_CASES = 3_000;
    private static final int GENERATED_CASES = 1_000;
    private static final String ALPHABET = "ab rm-/\\'\"$`(){}[]<>|&;#~*?!=:+%,.\n\t0123456789";

    @Test
    void garbage_neverThrows_andSpansStayInsideTheInput() {
        Random random = new Random(SEED);
        System.out.println("ParserPropertiesTest.garbage seed=" + SEED);
        for (int i = 0; i < GARBAGE_CASES; i++) {
            String input = garbage(random, random.nextInt(120));
            ParseResult r = BashParser.parse(input, 16);
            assertThat(r.script().span().end())
                    .as("seed=%d case=%d input=%s", SEED, i, input)
                    .isEqualTo(input.length());
            r.problems().forEach(p -> assertThat(p.span().end()).isLessThanOrEqualTo(input.length()));
        }
    }

    @Test
    void deepNesting_isAFlagNotAStackOverflow() {
        String deep = "$(".repeat(5_000) + "x" + ")".repeat(5_000);
        ParseResult r = BashParser.parse(deep, 32);
        assertThat(r.incomplete()).isTrue();
        assertThat(r.problems()).anyMatch(p -> p.message().contains("nesting deeper than 32"));

        ParseResult braces = BashParser.parse("${a:-".repeat(5_000), 32);
        assertThat(braces.incomplete()).isTrue();
    }

    @Test
    void generatedLines_parseCompletely_andPrintThenParseGivesTheSameTree() {
        LineGenerator generator = new LineGenerator(SEED);
        System.out.println("ParserPropertiesTest.roundTrip seed=" + SEED);
        for (int i = 0; i < GENERATED_CASES; i++) {
            String line = generator.line();
            ParseResult first = BashParser.parse(line, 32);
            assertThat(first.problems())
                    .as("seed=%d case=%d line=%s", SEED, i, line)
                    .isEmpty();

            String printed = AstPrinter.print(first.script());
            ParseResult second = BashParser.parse(printed, 32);

            assertThat(second.problems())
                    .as("seed=%d case=%d printed=%s", SEED, i, printed)
                    .isEmpty();
            assertThat(AstShape.of(second.script().statements()))
                    .as("seed=%d case=%d line=%s printed=%s", SEED, i, line, printed)
                    .isEqualTo(AstShape.of(first.script().statements()));
        }
    }

    static String garbage(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(
                    random.nextInt(20) == 0
                            ? (char) random.nextInt(0x3000)
                            : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
