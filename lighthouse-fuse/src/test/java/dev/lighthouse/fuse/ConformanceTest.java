package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The POSIX behaviour the view promises, in the style of pjdfstest: one system call on one path of a real mount, made
 * by a small helper process ({@code fsop.pl}, the role of pjdfstest's C helper), and the errno it must give. The
 * read-only operations (opendir, readdir, getattr, open, read, readlink) must work and agree with each other; every
 * change but a verdict must fail with EROFS.
 *
 * <p>{@code link} and {@code mkfifo} are among them although jfuse names neither operation: see
 * {@link ReadOnlyLinks}.
 */
class ConformanceTest {
    static Path tmp;
    static Path fsop;
    static LiveBridge bridge;
    static Mount mount;
    static Path dir;
    static final Map<String, String> PATHS = new LinkedHashMap<>();

    @BeforeAll
    static void mountWithOneOfEachKindOfFile() throws IOException {
        FuseAvailable.required();
        tmp = Files.createTempDirectory("fuse-conformance");
        fsop = tmp.resolve("fsop.pl");
        try (InputStream in = ConformanceTest.class.getResourceAsStream("fsop.pl")) {
            Files.copy(in, fsop);
        }
        bridge = new LiveBridge(Files.createDirectories(tmp.resolve("data")));
        bridge.decide(
                "Write",
                BridgeHttp.JSON
                        .createObjectNode()
                        .put("file_path", "/srv/project/src/app.txt")
                        .put("content", "value = 1\n"));
        JsonNode decision =
                bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "git status"));
        bridge.hook("kubectl delete namespace conformance");
        dir = Files.createDirectories(tmp.resolve("view"));
        mount = Mount.start(new Mount.Options(bridge.url(), Optional.of(bridge.admin), dir));

        String file = Decisions.pathInView(decision);
        String hour = file.substring(0, file.lastIndexOf('/'));
        String review =
                Shell.sh(dir, "ls reviews/pending").out().lines().findFirst().orElseThrow();
        String historyHour =
                Shell.sh(dir, "ls history").out().lines().findFirst().orElseThrow();
        PATHS.put("{file}", file);
        PATHS.put("{hour}", hour);
        PATHS.put("{day}", hour.substring(0, hour.lastIndexOf('/')));
        PATHS.put("{latest}", "decisions/latest");
        PATHS.put("{verdict}", "reviews/pending/" + review + "/verdict");
        PATHS.put("{review}", "reviews/pending/" + review);
        PATHS.put("{history}", "history/" + historyHour + "/src/app.txt");
        PATHS.put("{current}", "current/src/app.txt");
        PATHS.put("{policy}", "policy/active.yaml");
        PATHS.put("{stream}", "streams/decisions");
    }

    @AfterAll
    static void unmount() throws IOException {
        if (mount != null) {
            mount.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (tmp != null) {
            Shell.run(Path.of("/"), List.of("rm", "-rf", tmp.toString()));
        }
    }

    /** Runs the helper in the mount: "0 …" or an errno name. */
    static String fsop(String op, String... args) {
        List<String> command = new ArrayList<>(List.of("perl", fsop.toString(), op));
        for (String a : args) {
            String path = a;
            for (var p : PATHS.entrySet()) {
                path = path.replace(p.getKey(), p.getValue());
            }
            command.add(path);
        }
        Shell.Run run = Shell.run(dir, command);
        assertThat(run.err()).as("fsop %s %s", op, String.join(" ", args)).isEmpty();
        return run.out().strip();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = ';', textBlock = """
            open     ; {file}              ; O_RDONLY                  ; 0
            open     ; {file}              ; O_WRONLY                  ; EROFS
            open     ; {file}              ; O_RDWR                    ; EROFS
            open     ; {file}              ; O_WRONLY|O_TRUNC          ; EROFS
            open     ; {file}              ; O_WRONLY|O_APPEND         ; EROFS
            open     ; {day}/new.json      ; O_WRONLY|O_CREAT          ; EROFS
            open     ; {day}/new.json      ; O_RDONLY                  ; ENOENT
            open     ; {day}               ; O_RDONLY|O_DIRECTORY      ; 0
            open     ; {day}               ; O_WRONLY                  ; EISDIR
            open     ; {file}              ; O_RDONLY|O_DIRECTORY      ; ENOTDIR
            open     ; {file}/x            ; O_RDONLY                  ; ENOTDIR
            open     ; {latest}            ; O_RDONLY                  ; 0
            open     ; {latest}            ; O_RDONLY|O_NOFOLLOW       ; ELOOP
            open     ; {history}           ; O_RDONLY                  ; 0
            open     ; {history}           ; O_WRONLY                  ; EROFS
            open     ; {current}           ; O_RDWR                    ; EROFS
            open     ; {policy}            ; O_WRONLY|O_TRUNC          ; EROFS
            open     ; {stream}            ; O_RDONLY                  ; 0
            open     ; {stream}            ; O_WRONLY|O_APPEND         ; EROFS
            open     ; {verdict}           ; O_WRONLY                  ; 0
            open     ; {review}/call.json  ; O_WRONLY                  ; EROFS
            unlink   ; {file}              ;                           ; EROFS
            unlink   ; {latest}            ;                           ; EROFS
            unlink   ; {verdict}           ;                           ; EROFS
            unlink   ; {day}/none.json     ;                           ; ENOENT
            rmdir    ; {hour}              ;                           ; EROFS
            rmdir    ; {review}            ;                           ; EROFS
            mkdir    ; {day}/x             ; 0755                      ; EROFS
            mkdir    ; history/x           ; 0755                      ; EROFS
            rename   ; {file}              ; {day}/moved.json          ; EROFS
            rename   ; {verdict}           ; {review}/v2               ; EROFS
            rename   ; {hour}              ; {day}/99                  ; EROFS
            symlink  ; x                   ; {day}/link                ; EROFS
            link     ; {file}              ; {day}/hard.json           ; EROFS
            link     ; {verdict}           ; {review}/v2               ; EROFS
            mkfifo   ; {day}/fifo          ; 0644                      ; EROFS
            mkfifo   ; history/fifo        ; 0600                      ; EROFS
            chmod    ; {file}              ; 0644                      ; EROFS
            chmod    ; {day}               ; 0755                      ; EROFS
            chmod    ; {verdict}           ; 0600                      ; EROFS
            chown    ; {file}              ; 0 0                       ; EROFS
            truncate ; {file}              ; 0                         ; EROFS
            truncate ; {verdict}           ; 0                         ; 0
            truncate ; {verdict}           ; 5                         ; EROFS
            truncate ; {current}           ; 0                         ; EROFS
            utime    ; {file}              ;                           ; EROFS
            readlink ; {file}              ;                           ; EINVAL
            readlink ; {day}               ;                           ; EINVAL
            readlink ; {day}/none          ;                           ; ENOENT
            """)
    void syscall_givesTheExpectedErrno(String op, String path, String arg, String expected) {
        List<String> args = new ArrayList<>(List.of(path));
        if (arg != null) {
            args.addAll(List.of(arg.split(" ")));
        }
        assertThat(fsop(op, args.toArray(String[]::new)).split(" ")[0]).isEqualTo(expected);
    }

    @Test
    void getattr_modesAndTypes_sayWhatEachPathIs() {
        assertThat(fsop("lstat", "{file}")).contains("type=regular mode=0444 ").contains("nlink=1");
        assertThat(fsop("lstat", "{day}")).contains("type=directory mode=0555 ");
        assertThat(fsop("lstat", "{latest}")).contains("type=symlink mode=0777 ");
        assertThat(fsop("lstat", "{verdict}")).contains("type=regular mode=0644 size=0 ");
        assertThat(fsop("lstat", "{day}/none.json")).isEqualTo("ENOENT");
    }

    @Test
    void symlink_latest_sizeIsItsTargetsLength_andFollowingItGivesTheNewestDecision() {
        String target = fsop("readlink", "{latest}").substring(2);
        assertThat(target).doesNotStartWith("/").endsWith(".json");
        assertThat(fsop("lstat", "{latest}")).contains(" size=" + target.length() + " ");
        String followed = fsop("stat", "{latest}");
        String direct = fsop("stat", "decisions/" + target);
        assertThat(followed).startsWith("0 type=regular").isEqualTo(direct);
        Shell.Run same = Shell.sh(dir, "cmp decisions/latest decisions/" + target);
        assertThat(same.exit()).as(same.out() + same.err()).isZero();
    }

    /** Every file's size is the length its content reads at; streams grow and debug files change each second. */
    @Test
    void getattr_sizeOfEveryFile_isTheNumberOfBytesReadFromIt() {
        Shell.Run sizes = Shell.sh(
                dir,
                "find agents current decisions history policy reviews -type f | sort | while read -r f; do"
                        + " s=$(stat -c %s \"$f\"); r=$(wc -c < \"$f\"); echo \"$s $r $f\"; done");
        assertThat(sizes.exit()).as(sizes.err()).isZero();
        List<String> lines = sizes.out().lines().toList();
        assertThat(lines).hasSizeGreaterThan(15);
        assertThat(lines).allSatisfy(line -> {
            String[] f = line.split(" ", 3);
            assertThat(f[0]).as(f[2]).isEqualTo(f[1]);
        });
    }

    /**
     * readdir lists {@code .} and {@code ..} first, each name once, the same way twice; every listed name stats, and
     * nothing listed is missing from a {@code find} walk.
     */
    @Test
    void readdir_everyDirectory_isConsistentWithGetattr() {
        Shell.Run dirs = Shell.sh(dir, "find . -type d | sort");
        assertThat(dirs.exit()).as(dirs.err()).isZero();
        List<String> all = dirs.out().lines().toList();
        assertThat(all).contains("./agents/local", "./current/src", "./" + PATHS.get("{hour}"), "./policy/versions");
        for (String d : all) {
            Shell.Run first = Shell.sh(dir, "ls -a -U '" + d + "'");
            Shell.Run second = Shell.sh(dir, "ls -a -U '" + d + "'");
            assertThat(first.exit()).as(d + ": " + first.err()).isZero();
            List<String> names = first.out().lines().toList();
            assertThat(names).as(d).startsWith(".", "..").doesNotHaveDuplicates();
            if (!d.startsWith("./streams") && !d.startsWith("./debug")) {
                assertThat(second.out()).as(d).isEqualTo(first.out());
            }
            for (String name : names.subList(2, names.size())) {
                assertThat(fsop("lstat", d + "/" + name)).as(d + "/" + name).startsWith("0 ");
            }
        }
    }

    @Test
    void anIdentityThatMayNotReadReviews_getsEACCES_andTheRestOfTheViewStillWorks() throws IOException {
        String agent = bridge.tokens
                .add("conformance-agent", Role.AGENT, Instant.now())
                .token();
        Path agentDir = Files.createDirectories(tmp.resolve("agent-view"));
        try (Mount asAgent = Mount.start(new Mount.Options(bridge.url(), Optional.of(agent), agentDir))) {
            Shell.Run run = Shell.run(
                    agentDir, List.of("perl", fsop.toString(), "open", "reviews/pending", "O_RDONLY|O_DIRECTORY"));
            assertThat(run.out().strip()).isEqualTo("EACCES");
            assertThat(Shell.sh(agentDir, "ls decisions").exit()).isZero();
        }
    }
}
