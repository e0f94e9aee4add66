package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An awk program is read-only only when it computes and prints; each kind of effect beside its near miss. */
class AwkProgramsTest {
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        {print $1} => true
        {sum += $3} END {print sum} => true
        $3 >= 1000 { print $1 } => true
        NR > 1 { printf "%-20s %s\\n", $1, $2 } => true
        !seen[$0]++ => true
        /error|warn/ {n++} END {print n} => true
        {print ($2 > 3), $1 / 2} => true
        {print "a > b | c"} => true
        {print $1 > "out.txt"} => false
        {print $1 >> "/home/dev/.bashrc"} => false
        {printf("%s\\n", $1) > "/tmp/x"} => false
        {print $1 | "sh"} => false
        {print | "sort -u"} => false
        BEGIN {system("id")} => false
        BEGIN {while ((getline l < "/home/dev/.ssh/id_rsa") > 0) print l} => false
        BEGIN {"date" | getline d; print d} => false
        BEGIN {print ENVIRON["AWS_SECRET_ACCESS_KEY"]} => false
        @load "readfile"; BEGIN {print readfile("/etc/shadow")} => false
        {print $1} # print > "comment" => true
        """)
    void onlyPrints_programText(String program, boolean onlyPrints) {
        assertThat(AwkPrograms.onlyPrints(program)).as(program).isEqualTo(onlyPrints);
    }
}
