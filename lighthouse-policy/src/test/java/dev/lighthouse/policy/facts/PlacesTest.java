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
    }
}
