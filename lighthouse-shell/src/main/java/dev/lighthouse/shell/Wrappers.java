package dev.lighthouse.shell;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Commands that run another command given as their remaining arguments ({@code sudo rm}, {@code env X=1 rm},
 * {@code timeout 5 rm}, {@code xargs rm}): which of their options take a value, how many operands come before the
 * command, and what running through them implies. The wrapper itself is not an effective command; the command it
 * runs is, with the wrapper in its {@code via}.
 */
final class Wrappers {
    /**
     * How to find the wrapped command.
     *
     * @param optionsWithValue options whose value is the next word (when not attached)
     * @param operandsBefore operands between the options and the command ({@code timeout DURATION cmd})
     * @param assignments {@code NAME=value} words may precede the command ({@code env}, {@code sudo})
     * @param traits what running through this wrapper implies
     * @param defaultCommand the command run when none is given ({@code xargs} runs {@code echo}, {@code chroot} and
     *     {@code nsenter} a shell)
     * @param codeOptions options whose value is shell code the wrapper hands to {@code sh -c} ({@code flock -c},
     *     {@code script -c}); also written {@code --option=CODE}
     * @param runsOperands whether the operands are the command to run ({@code script FILE} names its log instead)
     * @param recorded whether the wrapper is an effective command too, besides the command it runs (what
     *     {@code nsenter} or {@code systemd-run} does matters on its own)
     * @param commandOptions options after which the command and its arguments start ({@code nix develop -c CMD
     *     ARGS}); looked for among all the wrapper's words when its operands are not the command
     * @param codeOperand whether the operand after {@code operandsBefore} is shell code the wrapper hands to
     *     {@code sh -c} ({@code sops exec-env FILE 'CMD'}) rather than the first word of a command
     */
    record Spec(
            Set<String> optionsWithValue,
            int operandsBefore,
            boolean assignments,
            Set<Trait> traits,
            Optional<String> defaultCommand,
            Set<String> codeOptions,
            boolean runsOperands,
            boolean recorded,
            Set<String> commandOptions,
            boolean codeOperand) {
        Spec(
                Set<String> optionsWithValue,
                int operandsBefore,
                boolean assignments,
                Set<Trait> traits,
                Optional<String> defaultCommand) {
            this(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    defaultCommand,
                    Set.of(),
                    true,
                    false,
                    Set.of(),
                    false);
        }

        Spec withDefault(String command) {
            return new Spec(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    Optional.of(command),
                    codeOptions,
                    runsOperands,
                    recorded,
                    commandOptions,
                    codeOperand);
        }

        Spec withCode(String... options) {
            return new Spec(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    defaultCommand,
                    Set.of(options),
                    runsOperands,
                    recorded,
                    commandOptions,
                    codeOperand);
        }

        Spec operandsNotCommand() {
            return new Spec(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    defaultCommand,
                    codeOptions,
                    false,
                    recorded,
                    commandOptions,
                    codeOperand);
        }

        Spec withCommandAfter(String... options) {
            return new Spec(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    defaultCommand,
                    codeOptions,
                    runsOperands,
                    recorded,
                    Set.of(options),
                    codeOperand);
        }

        Spec afterOperands(int operands) {
            return new Spec(
                    optionsWithValue,
                    operands,
                    assignments,
                    traits,
                    defaultCommand,
                    codeOptions,
                    runsOperands,
                    recorded,
                    commandOptions,
                    codeOperand);
        }

        Spec codeAfterOperands() {
            return new Spec(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    defaultCommand,
                    codeOptions,
                    runsOperands,
                    recorded,
                    commandOptions,
                    true);
        }

        Spec alsoRecorded() {
            return new Spec(
                    optionsWithValue,
                    operandsBefore,
                    assignments,
                    traits,
                    defaultCommand,
                    codeOptions,
                    runsOperands,
                    true,
                    commandOptions,
                    codeOperand);
        }
    }

    /**
     * The wrapped command found in argv.
     *
     * @param start index in argv of the wrapped program; argv.size() when there is none
     * @param assignments variables the wrapper sets for it
     * @param code the shell code given to a code option ({@code flock LOCK -c CODE}), if any
     */
    record Unwrapped(int start, List<Assignment> assignments, Optional<Word> code) {}

    private static final Set<Trait> NONE = Set.of();
    private static final Set<Trait> PRIVILEGED = EnumSet.of(Trait.PRIVILEGED);
    private static final Set<Trait> FROM_INPUT = EnumSet.of(Trait.ARGUMENTS_FROM_INPUT);

    private static Spec loader() {
        return spec(NONE, false, 0, "--library-path", "--preload", "--argv0", "--inhibit-rpath", "--audit");
    }

    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry(
                    "sudo",
                    spec(
                            PRIVILEGED,
                            true,
                            0,
                            "-u",
                            "-g",
                            "-h",
                            "-p",
                            "-C",
                            "-D",
                            "-r",
                            "-t",
                            "-T",
                            "-U",
                            "-R",
                            "--user",
                            "--group",
                            "--host",
                            "--prompt",
                            "--chdir",
                            "--role",
                            "--type",
                            "--other-user",
                            "--close-from",
                            "--command-timeout")),
            Map.entry("doas", spec(PRIVILEGED, false, 0, "-u", "-C")),
            Map.entry("pkexec", spec(PRIVILEGED, false, 0, "--user")),
            Map.entry("runuser", spec(PRIVILEGED, false, 0, "-u", "-g", "-G", "--user", "--group")),
            Map.entry("env", spec(NONE, true, 0, "-u", "--unset", "-C", "--chdir", "-S", "--split-string")),
            Map.entry("nice", spec(NONE, false, 0, "-n", "--adjustment")),
            Map.entry("nohup", spec(NONE, false, 0)),
            Map.entry("setsid", spec(NONE, false, 0)),
            Map.entry("timeout", spec(NONE, false, 1, "-s", "--signal", "-k", "--kill-after")),
            Map.entry("time", spec(NONE, false, 0, "-f", "--format", "-o", "--output")),
            Map.entry("stdbuf", spec(NONE, false, 0, "-i", "-o", "-e", "--input", "--output", "--error")),
            Map.entry("ionice", spec(NONE, false, 0, "-c", "-n", "--class", "--classdata")),
            Map.entry("chrt", spec(NONE, false, 1)),
            // ld.so(8): "/lib/ld-linux.so.* [OPTIONS] [PROGRAM [ARGUMENTS]]" runs PROGRAM itself, also from a
            // file system mounted noexec; one entry per name the dynamic loader is installed under.
            Map.entry("ld.so", loader()),
            Map.entry("ld-linux.so.2", loader()),
            Map.entry("ld-linux-x86-64.so.2", loader()),
            Map.entry("ld-linux-aarch64.so.1", loader()),
            Map.entry("ld-linux-armhf.so.3", loader()),
            Map.entry("ld-musl-x86_64.so.1", loader()),
            Map.entry("ld-musl-aarch64.so.1", loader()),
            Map.entry("taskset", spec(NONE, false, 1)),
            // chroot(8): without a command, "${SHELL} -i"; changing root needs root.
            Map.entry(
                    "chroot",
                    spec(PRIVILEGED, false, 1, "--userspec", "--groups").withDefault("sh")),
            // flock(1): "flock [options] file|directory command [arguments]" or "... file|directory -c command".
            Map.entry(
                    "flock",
                    spec(NONE, false, 1, "-w", "--timeout", "-E", "--conflict-exit-code")
                            .withCode("-c", "--command")),
            // setarch(8): "setarch [arch] [options] [program [argument...]]", the default program /bin/sh; linux32,
            // linux64, i386 and x86_64 are setarch with the architecture in the name.
            Map.entry("setarch", spec(NONE, false, 1).withDefault("sh")),
            Map.entry("linux32", spec(NONE, false, 0).withDefault("sh")),
            Map.entry("linux64", spec(NONE, false, 0).withDefault("sh")),
            Map.entry("i386", spec(NONE, false, 0).withDefault("sh")),
            Map.entry("x86_64", spec(NONE, false, 0).withDefault("sh")),
            // arch(1) on macOS: "arch [-32] [-64] [[-arch_name | -arch arch_name]...] [-c] [-d envname]...
            // [-e envname=value]... [-h] prog [args ...]"; without a program it prints the architecture.
            Map.entry("arch", spec(NONE, false, 0, "-arch", "-d", "-e")),
            // nsenter(1): "nsenter [options] [program [arguments]]", the default program ${SHELL}; recorded itself
            // too, so that the registry judges which process's namespaces it enters (-t 1 is the host's).
            Map.entry(
                    "nsenter",
                    spec(NONE, false, 0, "-t", "--target", "-S", "--setuid", "-G", "--setgid")
                            .withDefault("sh")
                            .alsoRecorded()),
            // unshare(1): "unshare [options] [program [arguments]]", the default program ${SHELL}.
            Map.entry(
                    "unshare",
                    spec(
                                    NONE,
                                    false,
                                    0,
                                    "--propagation",
                                    "--setgroups",
                                    "--map-user",
                                    "--map-group",
                                    "--map-users",
                                    "--map-groups",
                                    "-S",
                                    "--setuid",
                                    "-G",
                                    "--setgid",
                                    "-R",
                                    "--root",
                                    "-w",
                                    "--wd",
                                    "--monotonic",
                                    "--boottime")
                            .withDefault("sh")
                            .alsoRecorded()),
            // script(1): "script [options] [file]": the file is the log; -c runs a command, otherwise a shell.
            Map.entry(
                    "script",
                    spec(
                                    NONE,
                                    false,
                                    0,
                                    "-E",
                                    "--echo",
                                    "-I",
                                    "--log-in",
                                    "-O",
                                    "--log-out",
                                    "-B",
                                    "--log-io",
                                    "-T",
                                    "--log-timing",
                                    "-m",
                                    "--logging-format",
                                    "-o",
                                    "--output-limit")
                            .withCode("-c", "--command")
                            .withDefault("sh")
                            .operandsNotCommand()),
            // sg(1): "sg [-] [group [-c] command]".
            Map.entry("sg", spec(NONE, false, 1).withCode("-c")),
            // prlimit(1), numactl(8), setpriv(1), systemd-run(1), gosu, su-exec, chpst(8), faketime(1),
            // fakeroot(1), firejail(1), catchsegv(1), xvfb-run(1), cgexec(1): each runs the command that follows.
            Map.entry("prlimit", spec(NONE, false, 0, "-p", "--pid")),
            Map.entry(
                    "numactl",
                    spec(
                            NONE,
                            false,
                            0,
                            "-N",
                            "--cpunodebind",
                            "-m",
                            "--membind",
                            "-C",
                            "--physcpubind",
                            "-p",
                            "--preferred",
                            "-i",
                            "--interleave")),
            Map.entry(
                    "setpriv",
                    spec(
                            NONE,
                            false,
                            0,
                            "--reuid",
                            "--regid",
                            "--ruid",
                            "--rgid",
                            "--euid",
                            "--egid",
                            "--groups",
                            "--inh-caps",
                            "--ambient-caps",
                            "--bounding-set",
                            "--securebits",
                            "--pdeathsig",
                            "--selinux-label",
                            "--apparmor-profile")),
            Map.entry(
                    "systemd-run",
                    spec(
                                    NONE,
                                    false,
                                    0,
                                    "-u",
                                    "--unit",
                                    "-p",
                                    "--property",
                                    "-E",
                                    "--setenv",
                                    "--uid",
                                    "--gid",
                                    "-M",
                                    "--machine",
                                    "-H",
                                    "--host",
                                    "--working-directory",
                                    "--nice",
                                    "--slice",
                                    "--description",
                                    "--on-active",
                                    "--on-boot",
                                    "--on-startup",
                                    "--on-unit-active",
                                    "--on-unit-inactive",
                                    "--on-calendar",
                                    "--timer-property",
                                    "--path-property",
                                    "--socket-property",
                                    "--service-type")
                            .alsoRecorded()),
            Map.entry("gosu", spec(PRIVILEGED, false, 1)),
            Map.entry("su-exec", spec(PRIVILEGED, false, 1)),
            Map.entry(
                    "chpst",
                    spec(
                            NONE, false, 0, "-u", "-U", "-b", "-e", "-/", "-n", "-l", "-L", "-m", "-d", "-o", "-p",
                            "-f", "-c")),
            Map.entry("faketime", spec(NONE, false, 1, "-m", "-f", "-p", "--exclude-monotonic", "--date-prog")),
            Map.entry("fakeroot", spec(NONE, false, 0, "-l", "--lib", "--faked", "-i", "-s", "-b")),
            Map.entry("firejail", spec(NONE, false, 0)),
            Map.entry("catchsegv", spec(NONE, false, 0)),
            Map.entry(
                    "xvfb-run",
                    spec(
                            NONE,
                            false,
                            0,
                            "-e",
                            "--error-file",
                            "-f",
                            "--auth-file",
                            "-n",
                            "--server-num",
                            "-p",
                            "--xauth-protocol",
                            "-s",
                            "--server-args",
                            "-w",
                            "--wait")),
            Map.entry("cgexec", spec(NONE, false, 0, "-g")),
            Map.entry("command", spec(NONE, false, 0)),
            Map.entry("builtin", spec(NONE, false, 0)),
            Map.entry("exec", spec(NONE, false, 0, "-a")),
            Map.entry("busybox", spec(NONE, false, 0)),
            Map.entry("toybox", spec(NONE, false, 0)),
            Map.entry("unbuffer", spec(NONE, false, 0)),
            Map.entry("torsocks", spec(NONE, false, 0)),
            Map.entry("proxychains", spec(NONE, false, 0, "-f")),
            Map.entry("proxychains4", spec(NONE, false, 0, "-f")),
            Map.entry("strace", spec(NONE, false, 0, "-o", "-e", "-p", "-s", "-u", "-E", "-P")),
            Map.entry("ltrace", spec(NONE, false, 0, "-o", "-e", "-p", "-s", "-u")),
            Map.entry("caffeinate", spec(NONE, false, 0, "-t", "-w")),
            Map.entry("gtimeout", spec(NONE, false, 1, "-s", "--signal", "-k", "--kill-after")),
            // sshpass(1): "sshpass [-f file|-d fd|-p password|-e] command arguments".
            Map.entry("sshpass", spec(NONE, false, 0, "-f", "-d", "-p", "-P")),
            // Runners: a subcommand of a project or environment tool that runs the command line after it in the
            // project's environment. Recorded too: what the runner itself does (npx fetches a package, uv run
            // --with installs one) counts besides what the command does.
            // bundle-exec(1): "bundle exec [--keep-file-descriptors] [--gemfile=GEMFILE] COMMAND".
            Map.entry("bundle exec", runner("--gemfile")),
            // poetry run, pipenv run, pdm run, hatch run, rye run, pixi run: "run [options] COMMAND [ARGS]".
            Map.entry("poetry run", runner("-C", "--directory", "-P", "--project")),
            Map.entry("pipenv run", runner()),
            Map.entry("pdm run", runner("-p", "--project")),
            Map.entry("hatch run", runner()),
            Map.entry("rye run", runner()),
            Map.entry("pixi run", runner("-e", "--environment", "--manifest-path")),
            // uv run: "uv run [OPTIONS] [COMMAND]" (docs.astral.sh/uv/reference/cli/#uv-run).
            Map.entry(
                    "uv run",
                    runner(
                            "--with",
                            "-w",
                            "--with-requirements",
                            "--with-editable",
                            "--python",
                            "-p",
                            "--directory",
                            "--project",
                            "--package",
                            "--env-file",
                            "--extra",
                            "--group",
                            "--index",
                            "--index-url",
                            "--default-index")),
            // conda run, mamba run, micromamba run: "conda run [-n ENV | -p PREFIX] [--cwd DIR] COMMAND".
            Map.entry("conda run", runner("-n", "--name", "-p", "--prefix", "--cwd")),
            Map.entry("mamba run", runner("-n", "--name", "-p", "--prefix", "--cwd")),
            Map.entry("micromamba run", runner("-n", "--name", "-p", "--prefix", "--cwd")),
            // npm exec / npx / pnpm exec: "-c, --call CMD" (npm) and "-c, --shell-mode" (pnpm) run through a shell.
            Map.entry("npm exec", runner("-p", "--package", "-w", "--workspace").withCode("-c", "--call")),
            Map.entry("npx", runner("-p", "--package", "-w", "--workspace").withCode("-c", "--call")),
            Map.entry("pnpm exec", runner("--filter", "-F").withCode("-c", "--shell-mode")),
            Map.entry("yarn exec", runner()),
            // asdf, rbenv, pyenv, nodenv exec: "exec COMMAND [ARGS]" with the selected version's PATH.
            Map.entry("asdf exec", runner()),
            Map.entry("rbenv exec", runner()),
            Map.entry("pyenv exec", runner()),
            Map.entry("nodenv exec", runner()),
            // direnv(1): "direnv exec DIR COMMAND [...ARGS]".
            Map.entry("direnv exec", runner().afterOperands(1)),
            // nix develop / nix shell: "-c, --command COMMAND [ARGS]"; their operands are flake references.
            Map.entry("nix develop", runner().operandsNotCommand().withCommandAfter("-c", "--command")),
            Map.entry("nix shell", runner().operandsNotCommand().withCommandAfter("-c", "--command")),
            // nix-shell(1): "--run CMD" and "--command CMD" are shell code; its operands are Nix files.
            Map.entry(
                    "nix-shell",
                    spec(NONE, false, 0, "-A", "--attr", "-I", "--include")
                            .withCode("--run", "--command")
                            .operandsNotCommand()
                            .alsoRecorded()),
            // op run, doppler run: secrets managers that run a command with secrets in its environment.
            Map.entry("op run", runner("--env-file", "--environment", "--account")),
            Map.entry(
                    "doppler run",
                    runner("-p", "--project", "-c", "--config", "--token").withCode("--command")),
            // aws-vault(1): "aws-vault exec PROFILE [-- COMMAND [ARGS]]".
            Map.entry("aws-vault exec", runner("-d", "--duration", "--region").afterOperands(1)),
            // chamber(1): "chamber exec SERVICE... -- COMMAND [ARGS]": the services are operands, the command follows
            // --.
            Map.entry(
                    "chamber exec",
                    runner("--backend", "-b", "--strict-value")
                            .operandsNotCommand()
                            .withCommandAfter("--")),
            // infisical run: "infisical run [flags] -- COMMAND [ARGS]", or "--command 'CODE'" run by a shell.
            Map.entry(
                    "infisical run",
                    runner("--env", "--path", "--projectId", "--token", "--tags", "--domain", "--watch-interval")
                            .withCode("--command")),
            // sops exec-env FILE 'COMMAND': the decrypted values become the environment of COMMAND, which sops
            // hands to /bin/sh -c (getsops/sops, cmd/sops/subcommand/exec).
            Map.entry("sops exec-env", runner("--user").afterOperands(1).codeAfterOperands()),
            // dotenv-cli: "dotenv [-e FILE]... [-v NAME=VALUE]... -- COMMAND [ARGS]"; python-dotenv: "dotenv [-f FILE]
            // run COMMAND [ARGS]"; its other subcommands (list, get, set) are its own, not a command to run.
            Map.entry(
                    "dotenv",
                    spec(NONE, false, 0, "-e", "-v", "-p", "-f", "--file")
                            .operandsNotCommand()
                            .withCommandAfter("--", "run")),
            // env-cmd: "env-cmd [-f FILE | -e ENV[,ENV]] [-r RCFILE] COMMAND [ARGS]".
            Map.entry("env-cmd", spec(NONE, false, 0, "-f", "--file", "-e", "--environments", "-r", "--rc-file")),
            // s6-overlay with-contenv: "with-contenv PROG [ARGS]" with the container's environment.
            Map.entry("with-contenv", spec(NONE, false, 0)),
            Map.entry(
                    "xargs",
                    new Spec(
                            Set.of(
                                    "-I",
                                    "-n",
                                    "-P",
                                    "-L",
                                    "-d",
                                    "-E",
                                    "-s",
                                    "-a",
                                    "--arg-file",
                                    "--delimiter",
                                    "--max-args",
                                    "--max-procs",
                                    "--max-lines",
                                    "--eof",
                                    "--replace",
                                    "--max-chars",
                                    "--process-slot-var"),
                            0,
                            false,
                            FROM_INPUT,
                            Optional.of("echo"))),
            Map.entry(
                    "parallel",
                    new Spec(
                            Set.of(
                                    "-j",
                                    "-S",
                                    "--jobs",
                                    "-a",
                                    "--arg-file",
                                    "-d",
                                    "-I",
                                    "--colsep",
                                    "-n",
                                    "-N",
                                    "-L",
                                    "--sshlogin",
                                    "--delimiter",
                                    "--joblog",
                                    "--results"),
                            0,
                            false,
                            FROM_INPUT,
                            Optional.empty())));

    /**
     * Options that name a file the command's arguments are read from instead of standard input: xargs(1) and GNU
     * parallel's {@code -a FILE}, {@code --arg-file FILE} (also written {@code -aFILE}, {@code --arg-file=FILE}).
     */
    private static final Map<String, Set<String>> ARGUMENT_FILE_OPTIONS =
            Map.of("xargs", Set.of("-a", "--arg-file"), "parallel", Set.of("-a", "--arg-file"));

    /** The options of {@code wrapper} that name a file its command's arguments come from; empty for most. */
    static Set<String> argumentFileOptions(String wrapper) {
        return ARGUMENT_FILE_OPTIONS.getOrDefault(wrapper, Set.of());
    }

    private Wrappers() {}

    static Optional<Spec> spec(String program) {
        return Optional.ofNullable(SPECS.get(program));
    }

    /**
     * A wrapper found at the start of argv.
     *
     * @param name the wrapper as it is named in routes: the program, with the subcommand of a runner ({@code bundle
     *     exec})
     * @param first index in argv of the wrapper's first own option or operand
     */
    record Match(String name, Spec spec, int first) {}

    /** The wrapper argv starts with: a runner's program and subcommand ({@code poetry run}), or a program alone. */
    static Optional<Match> match(String program, List<Word> argv) {
        if (argv.size() > 1) {
            String runner = program + " " + argv.get(1).value();
            Spec spec = SPECS.get(runner);
            if (spec != null) {
                return Optional.of(new Match(runner, spec, 2));
            }
        }
        return spec(program).map(spec -> new Match(program, spec, 1));
    }

    private static Spec runner(String... optionsWithValue) {
        return spec(NONE, false, 0, optionsWithValue).alsoRecorded();
    }

    private static Spec spec(Set<Trait> traits, boolean assignments, int operandsBefore, String... optionsWithValue) {
        return new Spec(Set.of(optionsWithValue), operandsBefore, assignments, traits, Optional.empty());
    }

    /**
     * Skips the wrapper's options (and {@code NAME=value} words where allowed) in {@code argv} (argv[0] is the
     * wrapper) and returns where the wrapped command starts.
     */
    static Unwrapped unwrap(Spec spec, List<Word> argv, int first) {
        List<Assignment> assignments = new ArrayList<>();
        int i = first;
        while (i < argv.size()) {
            String a = argv.get(i).value();
            if (spec.commandOptions().contains(a)) {
                // dotenv -e .env -- CMD, dotenv run -- CMD: the command starts after the word (and a -- after it)
                int start = i + 1 < argv.size() && argv.get(i + 1).value().equals("--") ? i + 2 : i + 1;
                return new Unwrapped(start, assignments, Optional.empty());
            }
            if (a.equals("--")) {
                i++;
                break;
            }
            Optional<Word> code = code(spec, argv, i);
            if (code.isPresent()) {
                return new Unwrapped(argv.size(), assignments, code);
            }
            if (a.equals("-") && spec.assignments()) {
                i++; // env -: an empty environment, like -i
                continue;
            }
            if (a.startsWith("-") && a.length() > 1) {
                i += spec.optionsWithValue().contains(a) ? 2 : 1;
                continue;
            }
            int eq = a.indexOf('=');
            if (spec.assignments() && eq > 0 && Scope.isVariableName(a.substring(0, eq))) {
                Word w = argv.get(i);
                assignments.add(new Assignment(
                        a.substring(0, eq), new Word(a.substring(eq + 1), w.dynamic(), Optional.empty(), w.span())));
                i++;
                continue;
            }
            break;
        }
        if (spec.operandsBefore() > 0) {
            // setarch ARCH -R cmd, chrt -f 99 cmd: options may also follow the operands.
            i = Math.min(i + spec.operandsBefore(), argv.size());
            while (i < argv.size()
                    && code(spec, argv, i).isEmpty()
                    && argv.get(i).value().startsWith("-")
                    && argv.get(i).value().length() > 1) {
                i += spec.optionsWithValue().contains(argv.get(i).value()) ? 2 : 1;
            }
        }
        if (!spec.runsOperands()) {
            // nix-shell -p git jq --run CODE, nix develop .#ci -c CMD: the code or the command follows the operands.
            for (int j = i; j < argv.size(); j++) {
                if (spec.commandOptions().contains(argv.get(j).value())) {
                    return new Unwrapped(j + 1, assignments, Optional.empty());
                }
                if (code(spec, argv, j).isPresent()) {
                    return new Unwrapped(argv.size(), assignments, code(spec, argv, j));
                }
            }
        }
        Optional<Word> code = spec.codeOperand() && i < argv.size() ? Optional.of(argv.get(i)) : code(spec, argv, i);
        if (code.isPresent()) {
            return new Unwrapped(argv.size(), assignments, code);
        }
        return new Unwrapped(spec.runsOperands() ? Math.min(i, argv.size()) : argv.size(), assignments, code);
    }

    /** The value of a code option at {@code argv[i]} ({@code -c CODE}, {@code --command=CODE}), if it is one. */
    private static Optional<Word> code(Spec spec, List<Word> argv, int i) {
        if (i >= argv.size()) {
            return Optional.empty();
        }
        Word w = argv.get(i);
        String a = w.value();
        boolean endsCluster = a.length() > 2
                && a.charAt(0) == '-'
                && a.chars().skip(1).allMatch(Character::isLetter)
                && spec.codeOptions().contains("-" + a.charAt(a.length() - 1));
        if (spec.codeOptions().contains(a) || endsCluster) {
            // -c CODE, or -qc CODE: a cluster of short options ending with the code option
            return i + 1 < argv.size() ? Optional.of(argv.get(i + 1)) : Optional.empty();
        }
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0 && spec.codeOptions().contains(a.substring(0, eq))) {
            return Optional.of(new Word(a.substring(eq + 1), w.dynamic(), Optional.empty(), w.span()));
        }
        return Optional.empty();
    }
}
