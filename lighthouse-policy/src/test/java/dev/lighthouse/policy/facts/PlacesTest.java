package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which places are which is data (places.yaml); its examples hold, and a bad file says where it is bad. */
class PlacesTest {
    private final PathClassifier classifier = new PathClassifier("/home/dev/app", "/home/dev", List.of());

    @Test
    void everyExampleOfTheBuiltInFile_holds() {
        Places places = Places.builtIn();
        assertThat(places.examples()).hasSizeGreaterThanOrEqualTo(20);
        List<String> failed = new ArrayList<>();
        for (Places.Example e : places.examples()) {
            var classes = classifier.target(e.path(), e.path()).classes();
            if (!classes.containsAll(e.is()) || e.not().stream().anyMatch(classes::contains)) {
                failed.add("places.yaml:" + e.line() + ": " + e.path() + " is " + classes + "; expected " + e.is()
                        + " and none of " + e.not());
            }
        }
        assertThat(failed).isEmpty();
    }

    @Test
    void everyWrittenFileExample_runsWhatItSays() {
        List<String> failed = new ArrayList<>();
        int examples = 0;
        for (Places.WrittenFile kind : Places.builtIn().writtenFiles()) {
            for (Places.WrittenExample e : kind.examples()) {
                examples++;
                List<String> runs = WrittenScripts.of(e.path(), e.content());
                if (!e.runs().isEmpty() && runs.stream().noneMatch(r -> r.contains(e.runs()))) {
                    failed.add("places.yaml:" + e.line() + ": " + e.path() + " runs " + runs + ", not " + e.runs());
                }
                if (!e.runsNot().isEmpty() && runs.stream().anyMatch(r -> r.contains(e.runsNot()))) {
                    failed.add("places.yaml:" + e.line() + ": " + e.path() + " runs " + e.runsNot());
                }
                if (e.ordinary().isPresent()
                        && WrittenScripts.ordinary(e.path(), e.content())
                                != e.ordinary().get()) {
                    failed.add("places.yaml:" + e.line() + ": " + e.path() + " is "
                            + (e.ordinary().get() ? "not " : "") + "an ordinary write");
                }
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(15);
        assertThat(failed).isEmpty();
    }

    @Test
    void aFileOfNoKnownKind_runsNothing() {
        assertThat(WrittenScripts.of("/home/dev/app/README.md", "#!/bin/sh\nrm -rf ~\n"))
                .as("a shell #! line makes any file a script")
                .isNotEmpty();
        assertThat(WrittenScripts.of("/home/dev/app/notes.txt", "rm -rf ~\n")).isEmpty();
        assertThat(WrittenScripts.of("/home/dev/app/x.py", "#!/bin/sh\nls\n"))
                .as("the first kind that matches decides: shell, by its #! line")
                .containsExactly("#!/bin/sh\nls\n");
    }

    @Test
    void theDangerousPlacesToWrite_areInTheFile() {
        Places places = Places.builtIn();
        assertThat(places.home(PathClass.PERSISTENCE)).contains(".ssh/authorized_keys", ".config/systemd");
        assertThat(places.system(PathClass.PERSISTENCE)).contains("/etc/cron", "/etc/systemd/system");
        assertThat(places.home(PathClass.SHELL_STARTUP)).contains(".bashrc", ".zshrc", ".profile");
        assertThat(places.system(PathClass.PRIVILEGE_CONFIG)).contains("/etc/sudoers", "/etc/sudoers.d");
    }

    @Test
    void aBadFile_isRefusedWithWhereAndWhat() {
        assertThatThrownBy(() -> Places.parse("p.yaml", """
                schema: 1
                classes:
                  persistance:
                    source: x
                    home: [.x]
                  secret:
                    home: [.y]
                    sytem: [/z]
                """))
                .hasMessageContaining("p.yaml:3:3: \"persistance\" is not a class of places")
                .hasMessageContaining("p.yaml:7:5: class secret needs a `source`")
                .hasMessageContaining("p.yaml:8:5: unknown key \"sytem\"");
        assertThatThrownBy(() -> Places.parse("w.yaml", """
                schema: 1
                classes: {}
                written_files:
                  - {reads: scrpt, source: x, names: [a]}
                  - {reads: code, source: x, suffixes: [.py]}
                """))
                .hasMessageContaining("w.yaml:4:13: unknown reader \"scrpt\"")
                .hasMessageContaining("w.yaml:5:5: reads: code needs the `program`");
    }
}
