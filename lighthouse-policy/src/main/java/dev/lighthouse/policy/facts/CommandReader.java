package dev.lighthouse.policy.facts;

import com.google.re2j.Pattern;
import dev.lighthouse.shell.Assignment;
import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.Input;
import dev.lighthouse.shell.InterpreterCode;
import dev.lighthouse.shell.Redirect;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one effective command does, from its program and arguments: the operations on paths and the signals of
 * {@link Signal}. Knows the argument conventions of common programs ({@code rm}, {@code find}, {@code dd},
 * {@code chmod}, {@code curl}, {@code docker}, package managers, ...).
 *
 * <p>Design: each program family has one small method that adds {@link Op}s and {@link Signal}s; what a program's
 * subcommands and options do beyond that (destroy, run code, change accounts or the system, send files) comes from the
 * capability registry ({@link ProgramRegistry}, {@code programs.yaml}). Unknown programs contribute their redirects
 * and, through the registry's generic verbs, a destructive subcommand. Nothing here reads the raw command text, so quoting, wrappers and variables
 * resolved by the shell analysis never change the answer.
 */
final class CommandReader {
    private static Set<String> withBusybox(Set<String> shells) {
        Set<String> all = new java.util.HashSet<>(shells);
        all.add("busybox");
        return Set.copyOf(all);
    }

    /** The shell analysis' shells, and busybox, whose applets include one ({@code nc -e busybox}). */
    static final Set<String> SHELLS = withBusybox(ShellAnalyser.shells());

    private static final Set<String> MULTI = Set.of(
            "git",
            "docker",
            "podman",
            "kubectl",
            "oc",
            "helm",
            "npm",
            "pnpm",
            "yarn",
            "bun",
            "pip",
            "pip3",
            "cargo",
            "go",
            "terraform",
            "tofu",
            "pulumi",
            "systemctl",
            "apt",
            "apt-get",
            "aptitude",
            "brew",
            "dnf",
            "yum",
            "zypper",
            "apk",
            "gh",
            "gcloud",
            "aws",
            "az",
            "poetry",
            "uv",
            "bundle",
            "gem",
            "composer",
            "dotnet",
            "launchctl",
            "conda",
            "mamba",
            "snap",
            "flatpak",
            "pipx",
            "rustup",
            "twine",
            "mvn",
            "gradle",
            "ufw",
            "firewall-cmd",
            "journalctl",
            "kind",
            "minikube",
            "cdk",
            "serverless",
            "sls",
            "redis-cli",
            "port",
            "choco",
            "winget",
            "nix-env",
            "rails",
            "rake",
            "heroku",
            "flyctl",
            "vercel",
            "netlify",
            "deno",
            "swift",
            "wrangler",
            "ansible");
    private static final Set<String> VALUE_OPTIONS = Set.of(
            "-C",
            "-c",
            "-n",
            "--namespace",
            "--context",
            "-H",
            "--host",
            "--kubeconfig",
            "--git-dir",
            "--work-tree",
            "--project",
            "--region",
            "--profile",
            "-p",
            "--prefix",
            "--cwd",
            "--dir",
            "-w",
            "--workspace",
            "--chdir");
    /** Whether a word names a security tool or a logging daemon (the registry's lists). */
    private boolean namesDefence(String word) {
        return registry.words(WordList.SECURITY_TOOLS).contains(word)
                || registry.words(WordList.LOGGING_DAEMONS).contains(word);
    }

    /**
     * Words in a CLI's subcommand that name a defence or a record of what happened (ATT&CK T1562.001 Disable or
     * Modify Tools, T1562.008 Disable or Modify Cloud Logs): with a destructive or disabling verb beside them
     * ({@code aws cloudtrail stop-logging}, {@code aws guardduty delete-detector}, {@code gcloud logging sinks
     * delete}, {@code az monitor diagnostic-settings delete}) the defence is turned off.
     */
    private static final Set<String> DEFENCE_WORDS = Set.of(
            "log",
            "logs",
            "logging",
            "audit",
            "cloudtrail",
            "trail",
            "guardduty",
            "securityhub",
            "configservice",
            "recorder",
            "detector",
            "waf",
            "wafv2",
            "diagnostic",
            "alarm",
            "defender",
            "inspector",
            "inspector2",
            "macie",
            "macie2");

    /**
     * Service names of packet filters on illumos (ipfilter), OpenWrt and Slackware (firewall) and FreeBSD (ipfw, pf):
     * a service script by exactly this name is a defence ({@code /etc/init.d/firewall stop}); elsewhere the words are
     * too common to mean one ({@code gcloud compute firewall-rules delete} removes a rule, it does not stop a filter).
     */
    private static final Set<String> FIREWALL_SERVICES = Set.of("ipfilter", "firewall", "ipfw", "pf");

    /**
     * Programs that search for a miner by name or stop it ({@code ps aux | grep -i xmrig}, {@code pkill -f xmrig}):
     * the name is what they look for, not what they run. A mining pool's address still counts wherever it is.
     */
    private static final Set<String> MINER_HUNTERS = Set.of(
            "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "ugrep", "pgrep", "pkill", "pidof", "killall", "kill",
            "find", "locate", "ls", "ps");

    /** Options of mkdir, truncate, touch and their kind whose value is not a file they create. */
    private static final Set<String> CREATING_VALUE_OPTIONS =
            Set.of("-s", "--size", "-m", "--mode", "-d", "-t", "-r", "--reference");

    /** Verbs that switch something off without deleting it. */
    private static final Set<String> DISABLING_VERBS = Set.of("stop", "disable", "deactivate", "suspend");

    /**
     * Words and options with which a service manager turns a service off or takes it out of boot (sv down, rc-update
     * del, chkconfig off, s6-svc -d, systemctl mask): said of a security tool, the defence is off.
     */
    private static final Set<String> SERVICE_OFF_WORDS = Set.of(
            "stop",
            "disable",
            "off",
            "del",
            "delete",
            "remove",
            "down",
            "d",
            "mask",
            "kill",
            "k",
            "exit",
            "force-stop",
            "-d",
            "-D",
            "-k",
            "-x");

    /** Verbs that remove it (a subset of the registry's destructive verbs, enough to find where a verb word is). */
    private static final Set<String> REMOVING_VERBS =
            Set.of("delete", "remove", "rm", "destroy", "uninstall", "purge", "terminate", "deregister", "drop");

    /** Words after which the next word is a project's own task or script, not a CLI's verb. */
    private static final Set<String> TASK_WORDS = Set.of("run", "exec", "x", "task", "run-script");

    private static final List<String> SECRET_NAME_PARTS = List.of(
            "SECRET", "TOKEN", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL");
    /**
     * A clause of a symbolic mode that gives others write access (chmod(1): who, then operations): {@code o} or
     * {@code a} among who, and {@code w} added or set ({@code o+w}, {@code go+w}, {@code a=rwx}). A clause without who
     * ({@code +w}) is limited by the umask.
     */
    private static final Pattern WORLD_WRITE_CLAUSE =
            Pattern.compile("[ugoa]*[oa][ugoa]*([-+=][rwxXst]*)*[+=][rwxXst]*w[rwxXst]*([-+=][rwxXst]*)*");

    private static final Pattern PRIVILEGE_GROUPS =
            Pattern.compile("(^|,)(sudo|wheel|root|admin|adm|docker|shadow|disk)(,|$)");

    private final PathClassifier classifier;
    private final String cwd;
    private final ProgramRegistry registry;
    private final SelfFacts self;

    CommandReader(
            PathClassifier classifier, String cwd, ProgramRegistry registry, dev.lighthouse.policy.call.Guard guard) {
        this.classifier = classifier;
        this.cwd = cwd;
        this.registry = registry;
        this.self = new SelfFacts(guard);
    }

    /** The capability registry this reader reads programs by. */
    ProgramRegistry registry() {
        return registry;
    }

    /** The facts of one command that depend only on the command itself. */
    Reading read(Command command) {
        Reading r = readCommand(command);
        for (Op op : r.ops) {
            if (op.kind() == OpKind.READ && op.recursive() && classifier.holdsSecrets(op.target())) {
                r.readsSecretTree = true;
                // cp -r ~/.config /tmp/cfg, tar czf /tmp/h.tgz ~: the secret places below the tree get a copy
                // elsewhere, which is reading them as much as cp ~/.ssh/id_rsa /tmp/k is. A write by redirect is
                // what the command prints (find ~ -name '*.pdf' > list.txt lists names), not a copy.
                Set<String> redirected = new HashSet<>();
                command.redirects().stream()
                        .filter(Redirect::writesFile)
                        .forEach(d -> redirected.add(target(d.target()).resolved()));
                if (r.ops.stream()
                        .anyMatch(w -> w.kind() == OpKind.WRITE
                                && !redirected.contains(w.target().resolved())
                                && !within(w.target(), op.target()))) {
                    r.signals.add(Signal.CREDENTIAL_ACCESS);
                }
            }
        }
        return r;
    }

    /** Whether {@code inner} is {@code tree} or below it, as resolved. */
    private static boolean within(Target inner, Target tree) {
        String root = tree.resolved().endsWith("/") ? tree.resolved() : tree.resolved() + "/";
        return inner.resolved().equals(tree.resolved()) || inner.resolved().startsWith(root);
    }

    private Reading readCommand(Command command) {
        Optional<Reading> spelled = spelledProgram(command);
        if (spelled.isPresent()) {
            return spelled.get();
        }
        // python3 -m pytest -q is read as pytest -q: what a module run by name does is its program's (the registry).
        // A runner (npx prisma …) stays itself: the registry adds what its program does to what it does.
        Command c = registry.module(command.program(), command.argValues())
                .filter(m -> !m.runner())
                .map(m -> asModule(command, m))
                .orElse(command);
        Reading r = new Reading(c, subcommand(c));
        // npm pkg set KEY=VALUE writes package.json: what it writes is read as a Write of it (ShellFacts).
        SettingsSet.of(c).ifPresent(set -> r.op(OpKind.WRITE, targetOf(set.file(), false), false));
        for (Redirect redirect : c.redirects()) {
            if (redirect.writesFile()) {
                r.op(OpKind.WRITE, target(redirect.target()), false);
            } else if (redirect.operator().equals("<")) {
                r.op(OpKind.READ, target(redirect.target()), false);
            }
            String value = redirect.target().value();
            if (value.startsWith("/dev/tcp/") || value.startsWith("/dev/udp/")) {
                String[] parts = value.split("/");
                if (parts.length > 3) {
                    r.hosts.add(Hosts.normalise(parts[3]));
                }
                // exec only opens the descriptor: one to this machine is a health check or a port probe
                // (exec 3<>/dev/tcp/localhost/8080), not a shell handed to someone else.
                boolean loopback = parts.length > 3 && Urls.isLoopback(Hosts.normalise(parts[3]));
                if (SHELLS.contains(c.program()) || c.program().equals("exec") && !loopback) {
                    r.signals.add(Signal.REVERSE_SHELL);
                }
                if (redirect.writesFile()) {
                    // bash(1) REDIRECTION: writing to /dev/tcp/HOST/PORT opens a connection and sends what the
                    // command prints, like a network client (`cat ~/.aws/credentials > /dev/tcp/HOST/PORT`).
                    r.sends = true;
                }
            }
        }
        if (c.stdin() instanceof Input.File(Word path)) {
            r.op(OpKind.READ, target(path), false);
        }
        for (Word w : c.args()) {
            String v = w.value();
            if (v.indexOf("://") > 0) {
                Urls.host(v).ifPresent(r.hosts::add);
            }
            if (v.toLowerCase(Locale.ROOT).contains("xmrig") && !MINER_HUNTERS.contains(c.program())) {
                r.signals.add(Signal.MINER);
            }
        }
        if (MiningArguments.mines(c.args().stream().map(Word::value).toList())) {
            r.signals.add(Signal.MINER);
        }
        historyAssignments(c.assignments(), r);
        c.assignments().forEach(a -> loaderVariable(a.name(), a.value().value(), r));
        program(c, r);
        registered(c, r);
        erasesDisks(c, r);
        undescribedOutput(c, r);
        listenFlags(c, r);
        queryArguments(c, r);
        impairsDefences(c, r);
        switchesDefenceOff(c, r);
        servesSecrets(c, r);
        chmodOption(c, r);
        instanceCredentials(r);
        self.read(c, r, this);
        return r;
    }

    /**
     * A destructive or disabling subcommand of any CLI aimed at a defence: its subcommand words name a defence or a
     * log ({@code aws cloudtrail stop-logging}, {@code aws logs delete-log-group}), or an operand, a namespace or
     * a process lookup names a security tool ({@code helm uninstall falco}, {@code kill -9 $(pidof falcon-sensor)}),
     * or it is a security agent's own uninstaller ({@code /usr/local/qcloud/stargate/admin/uninstall.sh}).
     */
    private void impairsDefences(Command c, Reading r) {
        if (r.signals.contains(Signal.SECURITY_DISABLE)) {
            return;
        }
        if (isDefence(c.programAsWritten()) && (r.program.contains("uninstall") || firstWordTurnsOff(r))) {
            // A defence's own uninstaller or control program told to stop (/var/ossec/bin/wazuh-control stop).
            r.signals.add(Signal.SECURITY_DISABLE);
            return;
        }
        if (r.signals.contains(Signal.SERVICE_CONTROL)
                && r.args.stream().anyMatch(SERVICE_OFF_WORDS::contains)
                && r.args.stream().anyMatch(this::namesSecurityTool)) {
            // Any service manager, also one no rule names (OpenRC, runit, s6, SysV), stopping a security tool.
            r.signals.add(Signal.SECURITY_DISABLE);
            return;
        }
        if (!r.signals.contains(Signal.DESTROY) && !mayDisable(r)) {
            return; // the common case, decided without splitting any word
        }
        boolean disables = false;
        boolean verb = false;
        boolean defence = false;
        for (int i = 0; i < Math.min(3, r.args.size()); i++) {
            String a = r.args.get(i);
            if (a.startsWith("-") || a.indexOf('/') >= 0 || a.indexOf('=') >= 0 || TASK_WORDS.contains(a)) {
                break; // an option, a path or value, or a project's own task by name ({@code npm run stop:logs})
            }
            boolean verbHere = false;
            boolean defenceHere = false;
            for (String part : WORD_PARTS.split(a.toLowerCase(java.util.Locale.ROOT))) {
                disables |= DISABLING_VERBS.contains(part);
                verbHere |= DISABLING_VERBS.contains(part) || REMOVING_VERBS.contains(part);
                defenceHere |= DEFENCE_WORDS.contains(part) || namesDefence(part);
            }
            // A defence named before the verb (gcloud logging sinks delete) or in a CLI's verb-noun word after its
            // service (aws ec2 delete-flow-logs); a first word that is itself a verb is a make or script target.
            defence |= defenceHere && (!verbHere || i > 0);
            if (verbHere) {
                verb = true;
                break;
            }
        }
        boolean off = r.signals.contains(Signal.DESTROY) || disables;
        if (off && ((verb && defence) || r.args.stream().anyMatch(this::namesSecurityTool))) {
            r.signals.add(Signal.SECURITY_DISABLE);
        }
    }

    /**
     * A server listening on every interface handed a place that holds secrets as what it serves ({@code python3 -m
     * http.server --directory ~/.ssh}, {@code php -S 0.0.0.0:80 -t ~/.aws}): anyone who can reach the machine can
     * fetch them, as if they had been sent. A server of the project, of a folder that only contains such a place
     * (home: reviewed as a listener), or on a loopback address, is not.
     */
    void servesSecrets(Command c, Reading r) {
        if (!r.signals.contains(Signal.LISTEN_ALL)) {
            return;
        }
        for (Word w : c.args()) {
            if (w.path().isPresent() && target(w).is(PathClass.SECRET)) {
                r.signals.add(Signal.SECRET_TO_NETWORK);
                return;
            }
        }
    }

    /**
     * A subcommand given an option that switches off what it sets ({@code off_options}), aimed at a defence: a leading
     * subcommand word names one ({@code aws guardduty update-detector --no-enable}, {@code esxcli network firewall set
     * --enabled false}) or the program is a defence's own ({@code mdatp config real-time-protection --value disabled}).
     */
    private void switchesDefenceOff(Command c, Reading r) {
        if (r.signals.contains(Signal.SECURITY_DISABLE) || !hasOffOption(r.args)) {
            return;
        }
        boolean defence = isDefence(c.programAsWritten());
        for (int i = 0; i < Math.min(3, r.args.size()) && !defence; i++) {
            String a = r.args.get(i);
            if (a.startsWith("-") || a.indexOf('/') >= 0 || a.indexOf('=') >= 0) {
                break;
            }
            for (String part : WORD_PARTS.split(a.toLowerCase(Locale.ROOT))) {
                defence |= DEFENCE_WORDS.contains(part) || namesDefence(part) || part.equals("firewall");
            }
        }
        if (defence) {
            r.signals.add(Signal.SECURITY_DISABLE);
        }
    }

    private boolean hasOffOption(List<String> args) {
        Set<String> off = registry.words(WordList.OFF_OPTIONS);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                continue;
            }
            String lower = a.toLowerCase(Locale.ROOT);
            if (off.contains(lower)
                    || (i + 1 < args.size()
                            && off.contains(lower + "=" + args.get(i + 1).toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a program is a defence's own: a directory of its path or a part of its name names a security tool or a
     * logging daemon ({@code /usr/local/qcloud/stargate/admin/uninstall.sh}, {@code /var/ossec/bin/wazuh-control}).
     */
    private boolean isDefence(String written) {
        String lower = written.toLowerCase(java.util.Locale.ROOT);
        if (!lower.contains("/") && !lower.contains("-") && !lower.contains("_")) {
            return namesDefence(lower);
        }
        for (String dir : lower.split("/")) {
            if (namesDefence(dir)) {
                return true;
            }
        }
        for (String part : WORD_PARTS.split(lower.substring(lower.lastIndexOf('/') + 1))) {
            if (namesDefence(part)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the first word after the program stops, disables or uninstalls what it controls (not a rule's delete). */
    private boolean firstWordTurnsOff(Reading r) {
        if (r.args.isEmpty() || r.args.getFirst().startsWith("-")) {
            return false;
        }
        String first = r.args.getFirst().toLowerCase(java.util.Locale.ROOT);
        return DISABLING_VERBS.contains(first) || first.equals("uninstall");
    }

    /** Cloud instance metadata services (AWS, GCP, Azure, Alibaba, OpenStack): link-local or their internal names. */
    private static final List<String> METADATA_HOSTS =
            List.of("169.254.169.254", "metadata.google.internal", "fd00:ec2::254", "100.100.100.200");

    /**
     * Metadata paths that hand out credentials or what holds them: the instance role's keys
     * ({@code iam/security-credentials/}), service-account and managed-identity tokens, and user data, which often
     * carries secrets (ATT&CK T1552.005 Cloud Instance Metadata API; Stratus Red Team
     * {@code aws.credential-access.ec2-steal-instance-credentials}).
     */
    private static final List<String> METADATA_SECRET_PATHS =
            List.of("security-credentials", "identity/oauth2", "user-data", "service-accounts/");

    /** A request to a metadata service for credentials is credential access, and what it prints is a secret. */
    private static void instanceCredentials(Reading r) {
        for (String a : r.args) {
            for (String host : METADATA_HOSTS) {
                int at = a.indexOf(host);
                if (at >= 0) {
                    String rest = a.substring(at + host.length());
                    for (String path : METADATA_SECRET_PATHS) {
                        if (rest.contains(path)) {
                            r.signals.add(Signal.CREDENTIAL_ACCESS);
                            return;
                        }
                    }
                }
            }
        }
    }

    private static final Pattern WORD_PARTS = Pattern.compile("[-_:.]");

    /** Whether one of the first words could hold a disabling verb: a cheap look before the words are split. */
    private boolean mayDisable(Reading r) {
        for (int i = 0; i < Math.min(3, r.args.size()); i++) {
            String a = r.args.get(i);
            if (a.contains("stop") || a.contains("disable") || a.contains("deactivate") || a.contains("suspend")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An operand that is a security tool's name as a whole ({@code falco}, {@code daemonset/falco},
     * {@code auditd.service}), or a process lookup of one ({@code $(pidof falcon-sensor)}).
     */
    private boolean namesSecurityTool(String arg) {
        String a = arg;
        if (a.startsWith("$(pidof ") || a.startsWith("$(pgrep ")) {
            a = a.substring(8, a.endsWith(")") ? a.length() - 1 : a.length()).trim();
            int space = a.lastIndexOf(' ');
            a = space >= 0 ? a.substring(space + 1) : a;
        }
        a = a.substring(a.lastIndexOf('/') + 1);
        // an SMF service's instance (svc:/network/ipfilter:default) names the same service
        int instance = a.indexOf(':');
        if (instance > 0 && arg.startsWith("svc:/")) {
            a = a.substring(0, instance);
        }
        if (a.endsWith(".service")) {
            a = a.substring(0, a.length() - ".service".length());
        }
        int dash = a.indexOf('-');
        return namesDefence(a) || dash > 0 && namesDefence(a.substring(0, dash));
    }

    /** {@code command} as the program of the module it runs by name, given the arguments after the module. */
    /** A parameter expansion in a word: {@code ${x}}, {@code ${x:-}}, {@code $x}. */
    private static final Pattern EXPANSION = Pattern.compile("\\$\\{[^}]*\\}|\\$[A-Za-z_][A-Za-z0-9_]*");

    /**
     * A program word with an expansion the analysis could not resolve whose literal parts spell a shell or a
     * program that reaches the network ({@code w${x}get}, {@code cu${u}rl}, {@code b${z}ash}): an empty or unset
     * variable there hides the name from a reader that matches names, so the command is read as that program too.
     * The command keeps its dynamic program, so it is reviewed at least; what the program does is added. A path
     * ({@code $HOME/bin/x}) or a word that spells nothing known ({@code $CC}, {@code ${PY}3}) stays as it was.
     */
    private Optional<Reading> spelledProgram(Command command) {
        String written = command.programAsWritten();
        if (!command.has(dev.lighthouse.shell.Trait.DYNAMIC_PROGRAM) || written.indexOf('/') >= 0) {
            return Optional.empty();
        }
        String spelled = EXPANSION.matcher(written).replaceAll("");
        if (spelled.isEmpty() || spelled.equals(written) || spelled.contains("$")) {
            return Optional.empty();
        }
        Reading r = readCommand(renamed(command, spelled, command.args(), command.code()));
        return SHELLS.contains(spelled) || r.fetches || r.sends || r.connects ? Optional.of(r) : Optional.empty();
    }

    private static Command asModule(Command command, ProgramRegistry.Module module) {
        List<Word> args = command.args();
        List<Word> rest = args.subList(args.size() - module.args().size(), args.size());
        return renamed(command, module.program(), rest, Optional.empty());
    }

    /** {@code command} as if {@code program} had been run with {@code args}: same redirects, input and place. */
    private static Command renamed(Command command, String program, List<Word> args, Optional<InterpreterCode> code) {
        return new Command(
                program,
                program,
                args,
                command.assignments(),
                command.redirects(),
                command.traits(),
                command.via(),
                command.stdin(),
                command.span(),
                code);
    }

    /** What the capability registry knows about the program: signals, and the payloads of its options. */
    private void registered(Command c, Reading r) {
        Map<String, String> env = new java.util.HashMap<>();
        c.assignments().forEach(a -> env.put(a.name(), a.value().value()));
        // A program nobody described keeps its path, so the registry can tell a project's script from a tool on PATH.
        String program =
                c.programAsWritten().indexOf('/') >= 0 && !registry.programs().containsKey(c.program())
                        ? c.programAsWritten()
                        : c.program();
        ProgramRegistry.Found found = registry.find(program, r.args, env, !(c.stdin() instanceof Input.Inherited));
        r.scope = found.scope();
        r.scopeOfWrapper = found.scopeOfWrapper();
        r.signals.addAll(found.signals());
        for (Capability capability : found.capabilities()) {
            List<String> payloads = found.payloads().getOrDefault(capability, List.of());
            switch (capability) {
                case RUNS_CODE -> {
                    r.signals.add(Signal.RUNS_CODE);
                    r.code.addAll(payloads);
                }
                // "-" is the standard input or output, not a file
                case READS ->
                    payloads.stream()
                            .filter(p -> !p.equals("-"))
                            .forEach(p -> r.op(
                                    OpKind.READ,
                                    targetOf(p, false),
                                    found.trees().contains(p)));
                case WRITES ->
                    payloads.stream()
                            .filter(p -> !p.equals("-"))
                            .forEach(p -> r.op(OpKind.WRITE, targetOf(p, false), false));
                case SENDS -> {
                    r.sends = true;
                    // What a sender names is sent: a query name, a URL, a message ({@code dig $TOKEN.x.example}).
                    r.dataHoldsSecret |= r.args.stream().anyMatch(CommandReader::mentionsSecretVariable);
                    // "-" is the standard input, which the pipe or redirect feeding it names
                    for (String p : payloads) {
                        if (p.equals("-")) {
                            continue;
                        }
                        Target t = targetOf(p, false);
                        boolean tree = found.trees().contains(p);
                        r.op(OpKind.READ, t, tree);
                        r.sendsSecretTree |= tree && classifier.holdsSecrets(t);
                    }
                }
                case FETCHES -> {
                    r.fetches = true;
                    r.fetchedTo.addAll(payloads);
                    // What is fetched into home's configuration, a start-up file or a place that runs code later
                    // (`git clone …/tpm ~/.tmux/plugins/tpm`, a theme into ~/.oh-my-zsh/custom) is written there, as
                    // an editor's write would be; a clone beside the project or into /tmp stays a download.
                    for (String p : payloads) {
                        Target t = targetOf(p, false);
                        if (t.is(PathClass.DOTFILE) || t.is(PathClass.SHELL_STARTUP) || t.is(PathClass.PERSISTENCE)) {
                            r.op(OpKind.WRITE, t, true);
                        }
                    }
                }
                case UNPACKS -> r.unpacksTo.addAll(payloads);
                case CONNECTS -> r.connects = true;
                case LISTENS -> {}
                case ACCOUNTS -> r.signals.add(Signal.ACCOUNT_CHANGE);
                case SYSTEM -> r.signals.add(Signal.SYSTEM_CHANGE);
                case DESTROYS -> r.signals.add(Signal.DESTROY);
            }
        }
    }

    /**
     * A disk said to be erased by any program, described or not ({@code flash_erase /dev/mtd0 0 0}, {@code cryptsetup
     * luksErase /dev/sda2}): its contents are gone, as when it is formatted.
     */
    private void erasesDisks(Command c, Reading r) {
        for (String disk : registry.erasedDisks(c.program(), r.args)) {
            r.op(OpKind.FORMAT, targetOf(disk, false), true);
        }
    }

    /** Reads the arguments by the convention the registry names for the program ({@link Reader}). */
    private void program(Command c, Reading r) {
        Optional<Reader> reader = registry.reader(c.program(), r.args);
        if (reader.isEmpty()) {
            initScript(c, r);
        }
        if (reader.isPresent()) {
            switch (reader.get()) {
                case DELETES -> deleteOperands(c, r, r.flags.contains("recursive"));
                case UNLINKS -> deleteOperands(c, r, false);
                case DELETES_TREES -> deleteOperands(c, r, true);
                case SHREDS -> shred(c, r);
                case FINDS -> find(c, r);
                case SEARCHES -> search(c, r);
                case MOVES -> move(c, r);
                case COPIES -> {
                    copy(c, r);
                    modeOption(c, r);
                }
                case CREATES -> {
                    writeOperands(c, r, CREATING_VALUE_OPTIONS);
                    modeOption(c, r);
                }
                case EDITS_IN_PLACE -> {
                    inPlaceEdit(c, r);
                    rubyHttpd(r);
                }
                case BLOCK_COPY -> dd(c, r);
                case MODES -> chmod(c, r);
                case OWNERS -> ownerChange(c, r);
                case ATTRIBUTES -> modeLike(c, r, OpKind.CHMOD);
                case READS -> readOperands(c, r, 0);
                case PATTERN_THEN_READS -> readOperands(c, r, hasScriptFlag(c) ? 0 : 1);
                case CURL_OPTIONS -> {
                    curl(c, r);
                    schemelessHosts(c, r);
                }
                case WGET_OPTIONS -> {
                    wget(c, r);
                    schemelessHosts(c, r);
                }
                case TAR_ARCHIVE -> tar(c, r);
                case EXTRACTS_INTO -> valueTarget(c, r, "-d", OpKind.WRITE);
                case FORMATS -> format(c, r);
                case SIGNALS_PIDS -> kill(r);
                case SIGNALS_NAMES -> pkill(r);
                case GROUPS -> userChange(r);
                case NETCAT -> netcat(c, r);
                case SOCAT_ADDRESSES -> socat(r);
                case REMOTE_LOGIN -> remote(c, r);
                case FIREWALL_RULES -> firewall(r);
                case SYSTEMD_UNITS -> systemctl(r);
                case SERVICE_SCRIPT -> service(r);
                case SCHEDULES -> crontab(r);
                case SHELL_VARIABLES -> historyVariables(r);
                case CONTAINER_RUN -> container(c, r);
                case SQL_CLIENT -> sql(c, r);
                case PYTHON_HTTP_SERVER -> python(r);
                case PHP_SERVER -> php(r);
                case BUSYBOX_HTTPD -> busyboxHttpd(r);
                case LAUNCHD_JOBS -> launchdJobs(r);
                case PRINTS_PRIVATE -> r.printsPrivate = true;
                case CAPTURES -> r.captures = true;
                case SCANS_FOR_SECRETS -> secretScan(c, r);
                case GIT_WORK_TREE -> git(c, r);
            }
        }
        packages(r);
    }

    /**
     * {@code ruby -run -e httpd DIR} (or {@code -ehttpd}): un.rb's WEBrick server, which binds every interface unless
     * {@code -b} / {@code --bind-address} names another address (ruby's un.rb, "httpd"). Other programs never pass
     * {@code -run}.
     */
    private static void rubyHttpd(Reading r) {
        if (r.args.contains("-run")
                && optionValue(r.args, "-e").filter("httpd"::equals).isPresent()) {
            listenAddress(r, optionValue(r.args, "-b", "--bind-address").orElse("0.0.0.0"));
        }
    }

    /** BusyBox {@code httpd -p [IP:]PORT}: a port without an address listens on every interface (busybox(1)). */
    private static void busyboxHttpd(Reading r) {
        optionValue(r.args, "-p").ifPresent(port -> listenAddress(r, port.contains(":") ? port : "0.0.0.0:" + port));
    }

    /**
     * The value of the first of {@code names} given, however it is written: {@code --bind ADDR}, {@code --bind=ADDR},
     * or attached to a short option ({@code -p8080}, {@code -ehttpd}).
     */
    static Optional<String> optionValue(List<String> args, String... names) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (String name : names) {
                if (a.equals(name)) {
                    return i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
                }
                boolean attached = name.startsWith("--") ? a.startsWith(name + "=") : a.startsWith(name);
                if (attached) {
                    return Optional.of(a.substring(name.length() + (name.startsWith("--") ? 1 : 0)));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code launchctl unload|bootout|stop|disable|remove} of a security tool's or logging daemon's job. */
    private void launchdJobs(Reading r) {
        if (Set.of("unload", "bootout", "stop", "disable", "remove").contains(r.sub)
                && r.args.stream().anyMatch(this::namesSecurityJob)) {
            r.signals.add(Signal.SECURITY_DISABLE);
        }
    }

    /**
     * A launchd job named by its plist or label ({@code /Library/LaunchDaemons/com.crowdstrike.falcond.plist},
     * {@code system/com.apple.auditd}) whose reverse-DNS parts name a security tool or a logging daemon.
     */
    private boolean namesSecurityJob(String arg) {
        String label = arg.substring(arg.lastIndexOf('/') + 1).replaceFirst("\\.plist$", "");
        return Arrays.stream(label.split("\\.")).anyMatch(this::namesDefence);
    }

    private static void php(Reading r) {
        int at = r.args.indexOf("-S");
        if (at >= 0) {
            listenAddress(r, r.args.get(at + 1 < r.args.size() ? at + 1 : 0));
        }
    }

    // ---- deletion, writing, reading

    private void deleteOperands(Command c, Reading r, boolean recursive) {
        if (c.via().stream().anyMatch(v -> v.startsWith("find"))) {
            return; // find -delete / find -exec rm: the find command carries the targets and their name filters
        }
        for (Word w : operands(c, Set.of())) {
            if (w.value().equals("{}")) {
                continue; // find -exec rm {}: the find command carries the targets
            }
            Target t = target(w);
            r.op(OpKind.DELETE, t, recursive && !looksLikeFile(t));
        }
        if (c.has(dev.lighthouse.shell.Trait.ARGUMENTS_FROM_INPUT) && recursive) {
            r.op(OpKind.DELETE, PathClassifier.dynamic("(arguments from input)"), true);
        }
    }

    /** {@code package-lock.json}, {@code app.log}: a name with an extension is a file, not a tree. */
    private static boolean looksLikeFile(Target t) {
        if (t.is(PathClass.DYNAMIC) || t.is(PathClass.ROOT) || t.is(PathClass.HOME) || t.is(PathClass.PROJECT_ROOT)) {
            return false;
        }
        String name = t.resolved().substring(t.resolved().lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 && !name.contains("*") && !name.endsWith(".d");
    }

    private void shred(Command c, Reading r) {
        for (Word w : operands(c, Set.of("-n", "--iterations", "-s", "--size"))) {
            Target t = target(w);
            r.op(OpKind.DELETE, t, false);
            if (t.is(PathClass.DEVICE)) {
                r.op(OpKind.FORMAT, t, false);
            }
        }
    }

    /** find(1)'s tests that match a found file's name or path. */
    private static final Set<String> NAME_TESTS = Set.of("-name", "-iname", "-path", "-ipath", "-regex", "-iregex");

    private void find(Command c, Reading r) {
        List<Word> starts = new ArrayList<>();
        boolean deletes = false;
        boolean runs = false;
        boolean inExpression = false;
        // The name each -o branch narrows the found files to: its first name test that is not negated. A branch
        // without one narrows nothing: `! -name x -delete` and `-name x -o -delete` delete everything but x.
        List<String> names = new ArrayList<>(1);
        boolean branchNamed = false;
        boolean narrowed = true;
        // An action belongs to the branch of the top-level -o it is written in (find(1): -a binds tighter than -o):
        // `-name __pycache__ -prune -exec rm -rf {} + -o -name '*.pyc' -delete` removes the caches and deletes the
        // .pyc files, not both everywhere. What each action is handed is the names of its own branches.
        List<String> deletedNames = new ArrayList<>(1);
        List<String> runNames = new ArrayList<>(1);
        List<String> topBranchNames = new ArrayList<>(1);
        boolean topBranchDeletes = false;
        boolean topBranchRuns = false;
        int depth = 0;
        List<String> patterns = new ArrayList<>(2);
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            boolean negated = i > 0 && NEGATIONS.contains(args.get(i - 1).value());
            if (!inExpression && SYMLINK_OPTIONS.contains(v)) {
                continue; // how symbolic links are followed, written before the starting points
            }
            if (!inExpression && (v.startsWith("-") || v.equals("(") || v.equals("!"))) {
                inExpression = true;
            }
            if (!inExpression) {
                starts.add(args.get(i));
            } else if (v.equals("-delete")) {
                deletes = true;
                topBranchDeletes = true;
            } else if (v.equals("-o") || v.equals("-or") || v.equals(",")) {
                narrowed &= branchNamed;
                branchNamed = false;
                if (depth == 0) {
                    endBranch(topBranchNames, topBranchDeletes, deletedNames, topBranchRuns, runNames);
                    topBranchNames.clear();
                    topBranchDeletes = false;
                    topBranchRuns = false;
                }
            } else if (v.equals("(") || v.equals(")")) {
                depth += v.equals("(") ? 1 : -1;
                narrowed &= !(v.equals("(") && negated); // ! ( -name a -o -name b ): everything but those
            } else if (NAME_TESTS.contains(v) && i + 1 < args.size()) {
                String pattern = args.get(i + 1).value();
                patterns.add(pattern);
                if (!negated && !branchNamed) {
                    String name = pattern.substring(pattern.lastIndexOf('/') + 1);
                    names.add(name);
                    topBranchNames.add(name);
                    branchNamed = true;
                }
            } else if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(v) && i + 1 < args.size()) {
                // What the command does to the found files is read from the command itself (FoundFiles).
                runs = true;
                topBranchRuns = true;
            }
        }
        endBranch(topBranchNames, topBranchDeletes, deletedNames, topBranchRuns, runNames);
        if (!narrowed || !branchNamed || names.contains("")) {
            names.clear();
            deletedNames.clear();
            runNames.clear();
        }
        if (starts.isEmpty()) {
            starts.add(new Word(".", false, java.util.Optional.of(cwd), c.span()));
        }
        List<String> handed = runs ? runNames : names;
        if (starts.stream().noneMatch(Word::dynamic)) {
            List<String> found = handed.isEmpty()
                    ? starts.stream()
                            .map(w -> FoundFiles.below(w.value(), Optional.empty()))
                            .toList()
                    : starts.stream()
                            .flatMap(w -> handed.stream().map(n -> FoundFiles.below(w.value(), Optional.of(n))))
                            .toList();
            r.found = Optional.of(new FoundFiles(found, false));
        }
        for (Word w : starts) {
            if (!deletes) {
                r.op(OpKind.READ, target(w), true);
                for (String pattern : patterns) {
                    secretHunt(target(w), pattern, r);
                }
                if (runs && !w.dynamic()) {
                    // find ~ -name id_rsa -exec ...: the command is handed the matching files, which may be secrets
                    handed.forEach(name -> r.op(OpKind.READ, below(w, name), false));
                }
            } else if (deletedNames.isEmpty() || w.dynamic()) {
                r.op(OpKind.DELETE, target(w), true);
            } else {
                // A name filter narrows the deletion to matching entries below the start: judge those, not the start.
                deletedNames.forEach(name -> r.op(OpKind.DELETE, below(w, name), false));
            }
        }
    }

    /** Hands a top-level branch's names to the actions written in it. */
    private static void endBranch(
            List<String> branch, boolean deletes, List<String> deleted, boolean runs, List<String> run) {
        if (deletes) {
            deleted.addAll(branch);
        }
        if (runs) {
            run.addAll(branch);
        }
    }

    /** find(1)'s options for following symbolic links, written before the starting points. */
    private static final Set<String> SYMLINK_OPTIONS = Set.of("-H", "-L", "-P");

    /** find(1)'s operators that negate the test after them. */
    private static final Set<String> NEGATIONS = Set.of("!", "-not");

    /** The entries named {@code name} below a search's start. */
    private Target below(Word start, String name) {
        String resolved = target(start).resolved();
        return classifier.target(start.value() + "/" + name, resolved.equals("/") ? "/" + name : resolved + "/" + name);
    }

    /** fd(1)'s options that take a value (the command after {@code -x}/{@code -X} ends the options). */
    private static final Set<String> FD_VALUE_OPTIONS = Set.of(
            "-e",
            "--extension",
            "-t",
            "--type",
            "-E",
            "--exclude",
            "-d",
            "--max-depth",
            "--maxdepth",
            "--min-depth",
            "--exact-depth",
            "-S",
            "--size",
            "--changed-within",
            "--changed-before",
            "--change-newer-than",
            "--newer",
            "--change-older-than",
            "--older",
            "--and",
            "-o",
            "--owner",
            "--base-directory",
            "--search-path",
            "-j",
            "--threads",
            "-c",
            "--color",
            "--ignore-file",
            "--format",
            "--path-separator",
            "--batch-size",
            "--max-results",
            "--max-buffer-time");

    private static final Set<String> FD_EXEC = Set.of("-x", "--exec", "-X", "--exec-batch");

    /** A pattern fd(1) matches as it is written: letters, digits, {@code _ - .} (no other regex syntax). */
    private static final com.google.re2j.Pattern PLAIN_PATTERN =
            com.google.re2j.Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /**
     * {@code fd [PATTERN] [PATH...]}: reads the places it searches (the working directory when none is named), and
     * hands the files it finds (narrowed by {@code -e EXT}, a {@code -g} glob or a plain pattern) to the command of
     * {@code -x}/{@code -X}.
     */
    private void search(Command c, Reading r) {
        List<Word> args = c.args();
        List<Word> operands = new ArrayList<>();
        String extension = null;
        boolean glob = false;
        boolean runs = false;
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (FD_EXEC.contains(v)) {
                runs = true;
                break;
            } else if (v.equals("-e") || v.equals("--extension")) {
                extension = i + 1 < args.size() && extension == null
                        ? args.get(i + 1).value()
                        : extension;
                i++;
            } else if (v.equals("--search-path") && i + 1 < args.size()) {
                if (operands.isEmpty()) {
                    operands.add(new Word(".", false, Optional.of(cwd), c.span())); // no pattern: every entry
                }
                operands.add(args.get(++i));
            } else if (v.equals("-g") || v.equals("--glob")) {
                glob = true;
            } else if (FD_VALUE_OPTIONS.contains(v)) {
                i++;
            } else if (!v.startsWith("-") || v.equals("--")) {
                if (!v.equals("--")) {
                    operands.add(args.get(i));
                }
            }
        }
        String pattern = operands.isEmpty() ? "" : operands.getFirst().value();
        List<Word> roots = operands.size() > 1 ? operands.subList(1, operands.size()) : List.of();
        if (roots.isEmpty()) {
            roots = List.of(new Word(".", false, Optional.of(cwd), c.span()));
        }
        Optional<String> name =
                extension != null ? Optional.of("*." + extension) : glob ? Optional.of(pattern) : literalName(pattern);
        // fd -H id_rsa ~: a search for key or credential names outside the project is credential access, like find
        String hunted = extension != null ? "*." + extension : pattern.replaceAll("[\\^$]", "");
        for (Word root : roots) {
            Target start = target(root);
            r.op(OpKind.READ, start, true);
            secretHunt(start, hunted, r);
        }
        if (roots.stream().noneMatch(Word::dynamic)) {
            r.found = Optional.of(new FoundFiles(
                    roots.stream().map(w -> FoundFiles.below(w.value(), name)).toList(), true));
        }
    }

    /**
     * The names a plain fd(1) pattern matches, as a glob: {@code key} anywhere in the name, {@code ^key$} exactly,
     * {@code ^key} at its start, {@code key$} at its end; empty for any other regex.
     */
    private static Optional<String> literalName(String pattern) {
        boolean start = pattern.startsWith("^");
        boolean end = pattern.endsWith("$") && pattern.length() > (start ? 1 : 0);
        String core = pattern.substring(start ? 1 : 0, pattern.length() - (end ? 1 : 0));
        if (!PLAIN_PATTERN.matcher(core).matches()) {
            return Optional.empty();
        }
        return Optional.of((start ? "" : "*") + core + (end ? "" : "*"));
    }

    /**
     * {@code find / -name '*.pem'}, {@code find ~ -name 'id_rsa*'}: looking for key and credential files across the
     * home directory or the system is credential access (MITRE ATT&CK T1552.004 Private Keys), whatever is done with
     * the list. The same search in the project or a scratch directory is ordinary.
     */
    private static void secretHunt(Target start, String pattern, Reading r) {
        if (start.is(PathClass.PROJECT) || start.is(PathClass.TEMP) || start.is(PathClass.BUILD_OUTPUT)) {
            return;
        }
        for (String part : pattern.split("/")) {
            String name = part.endsWith("*") ? part.substring(0, part.length() - 1) : part;
            // 'id_*' is the start of every SSH key's name (id_rsa, id_ed25519); '*/.ssh/*' names the keys' directory
            boolean keyPrefix =
                    part.endsWith("*") && name.length() >= 3 && PathClassifier.isSecretFileName(name + "rsa");
            if (PathClassifier.isSecretFileName(name) || keyPrefix || SECRET_DIRECTORIES.contains(name)) {
                r.signals.add(Signal.CREDENTIAL_ACCESS);
                return;
            }
        }
    }

    /** Options of secret scanners that name the place scanned (gitleaks {@code --source}, trufflehog {@code --directory}). */
    private static final Set<String> SCANNED_PLACE_OPTIONS = Set.of("--source", "-s", "--directory", "--path");

    /**
     * A secret scanner reads the places it names, recursively (its operands and {@link #SCANNED_PLACE_OPTIONS}); a
     * scan of the home directory, its dotfiles or the system is a search for credentials (T1552.001), as a
     * {@code grep -r password ~} is.
     */
    private void secretScan(Command c, Reading r) {
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            int eq = v.indexOf('=');
            if (v.startsWith("--") && eq > 0 && SCANNED_PLACE_OPTIONS.contains(v.substring(0, eq))) {
                r.op(OpKind.READ, targetOf(v.substring(eq + 1), args.get(i).dynamic()), true);
            } else if (SCANNED_PLACE_OPTIONS.contains(v) && i + 1 < args.size()) {
                r.op(OpKind.READ, target(args.get(++i)), true);
            } else if (!v.startsWith("-") && (v.startsWith("/") || v.startsWith("~") || v.startsWith("."))) {
                r.op(OpKind.READ, target(args.get(i)), true);
            }
        }
        if (ShellFacts.readsPrivatePlace(r)) {
            r.signals.add(Signal.CREDENTIAL_ACCESS);
        }
    }

    /** Directories that hold nothing but credentials (ssh(1), gpg(1), the AWS and Kubernetes CLIs). */
    private static final Set<String> SECRET_DIRECTORIES = Set.of(".ssh", ".gnupg", ".aws", ".kube");

    private void move(Command c, Reading r) {
        List<Word> ops = operands(c, Set.of("-t", "--target-directory", "-S", "--suffix"));
        for (int i = 0; i < ops.size(); i++) {
            Target t = target(ops.get(i));
            r.op(i == ops.size() - 1 && ops.size() > 1 ? OpKind.WRITE : OpKind.DELETE, t, false);
        }
        landings(ops, r);
    }

    /**
     * A copy, move or link into a directory lands each source under the directory by its own name: {@code cp
     * dotfiles/.inputrc ~/} writes {@code ~/.inputrc}, a dotfile, where the write of the directory alone names only
     * the home. The destination is a directory when it is written with a trailing {@code /} or is the home itself.
     */
    private void landings(List<Word> ops, Reading r) {
        if (ops.size() < 2) {
            return;
        }
        Word destination = ops.getLast();
        Target directory = target(destination);
        String d = destination.value();
        if (destination.dynamic() || !(d.endsWith("/") || directory.is(PathClass.HOME))) {
            return;
        }
        String base = d.endsWith("/") ? d : d + "/";
        for (Word source : ops.subList(0, ops.size() - 1)) {
            String s = source.value();
            while (s.length() > 1 && s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            String name = s.substring(s.lastIndexOf('/') + 1);
            if (source.dynamic() || name.isEmpty() || name.equals(".") || name.equals("..") || isRemoteSpec(s)) {
                continue;
            }
            Target landing = destination
                    .path()
                    .map(dir -> classifier.target(base + name, dir.endsWith("/") ? dir + name : dir + "/" + name))
                    .orElseGet(() -> targetOf(base + name, false));
            r.op(OpKind.WRITE, landing, false);
        }
    }

    private void copy(Command c, Reading r) {
        List<Word> ops = operands(
                c,
                Set.of(
                        "-t",
                        "--target-directory",
                        "-S",
                        "--suffix",
                        "-m",
                        "--mode",
                        "-o",
                        "-g",
                        "-e",
                        "--rsh",
                        "--exclude",
                        "--include",
                        "-i",
                        "-P",
                        "-F",
                        "--filter",
                        "-l",
                        "--chmod",
                        "--backup-dir"));
        boolean anyRemote = false;
        for (Word w : ops) {
            String v = w.value();
            if (isRemoteSpec(v)) {
                anyRemote = true;
                Urls.bareHost(v.substring(v.indexOf('@') + 1, v.indexOf(':'))).ifPresent(r.hosts::add);
            } else if (isRemoteUrl(v)) {
                anyRemote = true;
                Urls.host(v).ifPresent(r.hosts::add);
            }
        }
        if (anyRemote) {
            r.signals.add(Signal.REMOTE_TRANSFER);
            r.sends = true;
        }
        boolean recursive = r.flags.contains("recursive")
                || r.flags.contains("archive")
                || r.flags.contains("a")
                || r.flags.contains("r");
        for (int i = 0; i < ops.size(); i++) {
            Word w = ops.get(i);
            if (isRemoteSpec(w.value()) || isRemoteUrl(w.value())) {
                continue;
            }
            boolean last = i == ops.size() - 1 && ops.size() > 1;
            Target t = target(w);
            if (!last && c.program().equals("ln")) {
                continue; // a link names its target, it does not read it
            }
            r.op(last ? OpKind.WRITE : OpKind.READ, t, recursive);
            if (last && c.program().equals("rsync") && r.flags.stream().anyMatch(f -> f.startsWith("delete"))) {
                r.op(OpKind.DELETE, t, true);
            }
        }
        if (!anyRemote) {
            landings(ops, r);
        }
    }

    /** The URL forms of a remote operand: rsync's daemon ({@code rsync://host/module}), scp(1)'s {@code scp://}, sftp. */
    private static boolean isRemoteUrl(String v) {
        return v.startsWith("rsync://") || v.startsWith("scp://") || v.startsWith("sftp://");
    }

    private static boolean isRemoteSpec(String v) {
        int colon = v.indexOf(':');
        return colon > 0
                && !v.startsWith("/")
                && !v.startsWith(".")
                && !Urls.isUrl(v)
                && !v.substring(0, colon).contains("/");
    }

    private void writeOperands(Command c, Reading r, Set<String> valueOptions) {
        for (Word w : operands(c, valueOptions)) {
            r.op(OpKind.WRITE, target(w), false);
        }
    }

    private static final Map<String, Set<String>> READ_VALUE_OPTIONS = Map.of(
            "head", Set.of("-n", "-c"),
            "tail", Set.of("-n", "-c", "-s"),
            "grep", Set.of("-e", "-f", "-A", "-B", "-C", "-m", "--max-count", "--include", "--exclude"),
            "rg", Set.of("-e", "-f", "-A", "-B", "-C", "-m", "-g", "--glob", "-t", "--type", "-T"),
            "jq", Set.of("--arg", "--argjson", "-f"),
            "awk", Set.of("-F", "-v", "-f"),
            "gpg", Set.of("-o", "--output", "-r", "--recipient", "-u"),
            // sed -e SCRIPT names no file; sed -f FILE reads its script from FILE, which is read
            "sed", Set.of("-e", "--expression", "-l", "--line-length"));

    private void readOperands(Command c, Reading r, int skip) {
        // the family's value options (cut -d / -f 2: "/" is a delimiter, not a file read), and the readers' own
        Set<String> valueOptions = registry.valueOptions(c.program(), c.argValues());
        Set<String> own = READ_VALUE_OPTIONS.getOrDefault(c.program(), Set.of());
        if (!own.isEmpty()) {
            valueOptions = new HashSet<>(valueOptions);
            valueOptions.addAll(own);
        }
        List<Word> ops = operands(c, valueOptions);
        boolean underFind = c.via().stream().anyMatch(v -> v.startsWith("find "));
        for (int i = skip; i < ops.size(); i++) {
            if (underFind && ops.get(i).dynamic() && ops.get(i).value().contains("{}")) {
                // find -exec wc -l {} +: the found files are read by the same command with them in place of {}
                // (FoundFiles), and find itself reads the places it searches; {} is not a path of its own.
                continue;
            }
            if (!Urls.isUrl(ops.get(i).value())) {
                r.op(OpKind.READ, target(ops.get(i)), false);
            }
        }
    }

    private static boolean hasScriptFlag(Command c) {
        for (Word w : c.args()) {
            if (w.value().equals("-e")
                    || w.value().equals("-f")
                    || w.value().startsWith("--regexp")
                    || w.value().startsWith("--file")) {
                return true;
            }
        }
        return false;
    }

    private void inPlaceEdit(Command c, Reading r) {
        if (c.program().equals("sed")) {
            sedScripts(c, r);
        }
        boolean inPlace = false;
        for (Word w : c.args()) {
            String v = w.value();
            if (v.startsWith("--in-place") || (v.startsWith("-") && !v.startsWith("--") && v.indexOf('i') > 0)) {
                inPlace = true;
            }
        }
        if (!inPlace) {
            if (c.program().equals("sed")) {
                readOperands(c, r, hasScriptFlag(c) ? 0 : 1);
            }
            return;
        }
        List<Word> ops = operands(c, Set.of("-e", "-f", "--expression", "--file"));
        int skip = hasScriptFlag(c) ? 0 : 1;
        for (int i = skip; i < ops.size(); i++) {
            r.op(OpKind.WRITE, target(ops.get(i)), false);
        }
    }

    /**
     * What a sed script does besides editing the stream (GNU sed manual, "sed scripts"; GTFOBins sed): the {@code e}
     * command and the {@code e} flag of {@code s} run shell commands (code only known to sed: dynamic code);
     * {@code w}/{@code W} and the {@code w} flag write the file named to the end of the line; {@code r}/{@code R}
     * read one. A script from a file ({@code -f}), or one this reader does not follow, is code nobody read: it runs
     * code, so the invocation is never vouched for. {@code sed -n '1,20p' f} and {@code sed 's/a/b/g' f} only read.
     */
    private void sedScripts(Command c, Reading r) {
        List<String> scripts = new ArrayList<>();
        boolean given = false;
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if ((v.equals("-e") || v.equals("--expression")) && i + 1 < args.size()) {
                scripts.add(args.get(++i).value());
                given = true;
            } else if (v.startsWith("--expression=")) {
                scripts.add(v.substring("--expression=".length()));
                given = true;
            } else if (v.equals("-f")
                    || v.startsWith("--file")
                    || v.startsWith("-")
                            && !v.startsWith("--")
                            && v.length() > 2
                            && v.indexOf('f') > 0
                            && v.chars().skip(1).allMatch(Character::isLetter)) {
                r.signals.add(Signal.RUNS_CODE);
                return;
            }
        }
        if (!given) {
            List<Word> operands = operands(c, Set.of("-l", "--line-length"));
            if (!operands.isEmpty() && operands.getFirst().dynamic()) {
                r.signals.add(Signal.RUNS_CODE);
                return;
            }
            operands.stream().findFirst().ifPresent(w -> scripts.add(w.value()));
        }
        // POSIX joins the -e expressions with newlines into one script: `-e 'a\' -e 'echo done'` is one a command
        // and the line it adds, not an a command followed by sed's e (run) command.
        SedScript.Effects effects = SedScript.read(String.join("\n", scripts));
        if (effects.runs()) {
            r.signals.add(Signal.DYNAMIC_CODE);
        }
        if (!effects.understood()) {
            r.signals.add(Signal.RUNS_CODE);
        }
        effects.writes().forEach(f -> r.op(OpKind.WRITE, targetOf(f, false), false));
        effects.reads().forEach(f -> r.op(OpKind.READ, targetOf(f, false), false));
    }

    private void dd(Command c, Reading r) {
        for (Word w : c.args()) {
            String v = w.value();
            if (v.startsWith("of=")) {
                r.op(OpKind.WRITE, targetOf(v.substring(3), w.dynamic()), false);
            } else if (v.startsWith("if=")) {
                r.op(OpKind.READ, targetOf(v.substring(3), w.dynamic()), false);
            }
        }
    }

    /** The registry's {@code when:}/{@code unless:} say which invocations format ({@code fdisk -l} only lists). */
    private void format(Command c, Reading r) {
        boolean any = false;
        for (Word w : operands(c, Set.of("-t", "-L", "-b", "-c", "-n", "-O", "-E", "-o"))) {
            if (w.value().startsWith("/dev/") || w.dynamic()) {
                r.op(OpKind.FORMAT, target(w), true);
                any = true;
            }
        }
        if (!any) {
            r.op(OpKind.FORMAT, PathClassifier.dynamic(c.program()), true);
        }
    }

    private void chmod(Command c, Reading r) {
        List<Word> ops = operands(c, Set.of("--reference"));
        if (ops.isEmpty()) {
            return;
        }
        mode(ops.getFirst().value(), r);
        for (int i = 1; i < ops.size(); i++) {
            r.op(OpKind.CHMOD, target(ops.get(i)), r.flags.contains("recursive"));
        }
    }

    /** What a permission mode grants, as chmod(1) writes it: to everyone writing, or setuid/setgid privileges. */
    private static void mode(String mode, Reading r) {
        if (mode.matches("0?[0-7]?[0-7]?[0-7]?7")
                || mode.matches("0?[0-7]?[0-7][2367][2367]")
                || Arrays.stream(mode.split(",")).anyMatch(clause -> WORLD_WRITE_CLAUSE.matches(clause))) {
            r.signals.add(Signal.WORLD_WRITABLE);
        }
        if (mode.matches("0?[4267][0-7]{3}") || mode.matches("(?i)[ugoa]*[+=][rwxt]*s.*")) {
            r.signals.add(Signal.PRIVILEGE_ESCALATION);
        }
    }

    /**
     * A {@code --chmod} option of any program ({@code rsync --chmod=u+s}, {@code rsync --chmod=Fu+s,Dg+s}): each of
     * its comma-separated modes, without rsync's {@code D}/{@code F} prefix, is read like chmod's.
     */
    private static void chmodOption(Command c, Reading r) {
        List<String> args = c.argValues();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = a.equals("--chmod") && i + 1 < args.size()
                    ? args.get(++i)
                    : a.startsWith("--chmod=") ? a.substring("--chmod=".length()) : null;
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                mode(part.startsWith("D") || part.startsWith("F") ? part.substring(1) : part, r);
            }
        }
    }

    /**
     * The mode a program that creates or installs files sets on them with {@code -m MODE} or {@code --mode=MODE}
     * (install(1), mkdir(1), mkfifo(1), mknod(1)): read like chmod's ({@code install -m 4755 /bin/sh /tmp/.sh} makes a
     * setuid shell).
     */
    private static void modeOption(Command c, Reading r) {
        List<String> args = c.argValues();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-m") || a.equals("--mode")) && i + 1 < args.size()) {
                mode(args.get(++i), r);
            } else if (a.startsWith("--mode=")) {
                mode(a.substring("--mode=".length()), r);
            } else if (a.startsWith("-m") && a.length() > 2) {
                mode(a.substring(2), r);
            } else if (a.equals("--")) {
                return;
            }
        }
    }

    private void ownerChange(Command c, Reading r) {
        List<Word> ops = operands(c, Set.of("--reference"));
        for (int i = 1; i < ops.size(); i++) {
            r.op(OpKind.CHOWN, target(ops.get(i)), r.flags.contains("recursive"));
        }
    }

    private void modeLike(Command c, Reading r, OpKind kind) {
        List<Word> ops = operands(c, Set.of());
        for (int i = 0; i < ops.size(); i++) {
            if (!ops.get(i).value().startsWith("+")) {
                r.op(kind, target(ops.get(i)), false);
            }
        }
    }

    /** The output options of programs nobody described, by their common spellings. */
    private static final List<String> OUTPUT_OPTIONS = List.of("-o", "--output", "--out", "--output-file", "--outfile");

    /**
     * A program the registry does not describe writes the file its output option names, spaced or after {@code =}
     * ({@code starship preset nerd-font-symbols -o ~/.config/starship.toml}, {@code gen --output=~/.zshrc}): where a
     * tool writes is judged as any write is, so a start-up file in home is a dotfile edit whoever writes it. A value
     * that is no path ({@code -o json}) names a file of the working directory, the project's own; described programs
     * say in the registry what their options write.
     */
    private void undescribedOutput(Command c, Reading r) {
        if (registry.programs().containsKey(c.program())) {
            return;
        }
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i).value();
            for (String option : OUTPUT_OPTIONS) {
                if (a.equals(option) && i + 1 < args.size()) {
                    r.op(OpKind.WRITE, target(args.get(i + 1)), false);
                } else if (a.startsWith(option + "=")) {
                    r.op(OpKind.WRITE, targetOf(a.substring(option.length() + 1), false), false);
                }
            }
        }
    }

    private void valueTarget(Command c, Reading r, String option, OpKind kind) {
        List<Word> args = c.args();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).value().equals(option)) {
                r.op(kind, target(args.get(i + 1)), true);
            }
        }
    }

    private void tar(Command c, Reading r) {
        boolean extract = r.flags.contains("x")
                || r.flags.contains("extract")
                || r.flags.contains("get")
                || (!r.args.isEmpty()
                        && !r.args.getFirst().startsWith("-")
                        && r.args.getFirst().contains("x"));
        if (extract) {
            valueTarget(c, r, "-C", OpKind.WRITE);
            valueTarget(c, r, "--directory", OpKind.WRITE);
            // Where the archive unpacks: the -C directory, else the working directory (tar(1), "--directory").
            for (int i = 0; i + 1 < r.args.size(); i++) {
                if (r.args.get(i).equals("-C") || r.args.get(i).equals("--directory")) {
                    r.unpacksTo.add(r.args.get(i + 1));
                }
            }
            if (r.unpacksTo.isEmpty()) {
                r.unpacksTo.add(".");
            }
            return;
        }
        List<Word> ops = operands(c, Set.of("-f", "--file", "-C", "--directory", "--exclude", "-T"));
        boolean bundle = !r.args.isEmpty() && !r.args.getFirst().startsWith("-");
        String keys = bundle ? r.args.getFirst() : "";
        if (keys.indexOf('f') >= 0 && keys.indexOf('c') >= 0 && ops.size() > 1) {
            // Old-style keys (tar czf ARCHIVE FILES): the word after the keys is the archive it creates.
            r.op(OpKind.WRITE, target(ops.get(1)), false);
        }
        // -C DIR: the files named after it are read from DIR (tar(1), "--directory"): tar -cf - -C ~ .ssh reads ~/.ssh
        Optional<Target> from = Optional.empty();
        List<Word> args = c.args();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).value().equals("-C") || args.get(i).value().equals("--directory")) {
                from = Optional.of(target(args.get(i + 1)));
            }
        }
        for (int i = bundle ? 1 : 0; i < ops.size(); i++) {
            Word w = ops.get(i);
            String name = w.value();
            if (!name.matches(".*\\.(tar|tgz|gz|bz2|xz|zst|zip|tbz2|txz)$")) {
                boolean relative = !name.startsWith("/") && !name.startsWith("~") && !w.dynamic();
                Target t = from.filter(d -> relative && !d.is(PathClass.DYNAMIC))
                        .map(d -> targetOf(d.resolved() + "/" + name, false))
                        .orElseGet(() -> target(w));
                r.op(OpKind.READ, t, true);
            }
        }
    }

    // ---- network

    /** curl(1)'s options whose value is sent: {@code @FILE} (and a form field's {@code <FILE}) names a file. */
    private static final Set<String> CURL_DATA =
            Set.of("-d", "--data", "--data-ascii", "--data-binary", "--data-urlencode", "--json", "-F", "--form");

    private void curl(Command c, Reading r) {
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            // -d@FILE, -Ff=@FILE, -TFILE: a short option with its value attached (curl(1), "OPTIONS").
            boolean attached = v.length() > 2
                    && (v.startsWith("-d") || v.startsWith("-F") || v.startsWith("-T"))
                    && !v.startsWith("--");
            String option = attached ? v.substring(0, 2) : v;
            Word w = attached ? args.get(i) : i + 1 < args.size() ? args.get(i + 1) : null;
            String next = attached ? v.substring(2) : w == null ? "" : w.value();
            boolean raw = option.equals("--data-raw") || option.equals("--form-string");
            boolean data = CURL_DATA.contains(option) || raw;
            if (data || option.equals("-T") || option.equals("--upload-file")) {
                r.sends = true;
                if (w != null) {
                    if (mentionsSecretVariable(next)) {
                        r.dataHoldsSecret = true;
                    }
                    int at = firstFileMark(next, option.equals("-F") || option.equals("--form"));
                    if (!data) {
                        r.op(OpKind.READ, attached ? targetOf(next, w.dynamic()) : target(w), false);
                    } else if (!raw
                            && at >= 0
                            && !next.substring(at + 1).isEmpty()
                            && !next.substring(at + 1).equals("-")) {
                        r.op(OpKind.READ, targetOf(next.substring(at + 1).split(";", 2)[0], w.dynamic()), false);
                    }
                }
            } else if ((option.equals("-H") || option.equals("--header"))
                    && mentionsSecretVariable(next)
                    && carriesData(next)) {
                // -H "X-Data: $AWS_SECRET_ACCESS_KEY": a secret in a header that is not a credential's is sent as data
                r.dataHoldsSecret = true;
                r.sends = true;
            } else {
                Optional<Target> output = outputFile(args, i, "-o", "--output");
                output.ifPresent(t -> r.op(OpKind.WRITE, t, false));
                if (output.isEmpty() && Urls.isUrl(v) && mentionsSecretVariable(v)) {
                    r.dataHoldsSecret = true;
                    r.sends = true;
                }
            }
        }
        if (r.args.contains("-X") && (r.args.contains("POST") || r.args.contains("PUT"))) {
            r.sends = true;
        }
    }

    /** Where a curl value names a file: its first {@code @}, or for a form field also {@code <} (-F 'f=<FILE'). */
    private static int firstFileMark(String value, boolean form) {
        int at = value.indexOf('@');
        int lt = form ? value.indexOf('<') : -1;
        return at < 0 ? lt : lt < 0 ? at : Math.min(at, lt);
    }

    /** Options of curl and wget that take a value, which is never the URL. */
    private static final Set<String> FETCH_VALUE_OPTIONS = Set.of(
            "-o",
            "-O",
            "-H",
            "-X",
            "-d",
            "-u",
            "-A",
            "-e",
            "-F",
            "-T",
            "-w",
            "-K",
            "-b",
            "-c",
            "-x",
            "-E",
            "-m",
            "--data",
            "--data-binary",
            "--data-raw",
            "--data-urlencode",
            "--json",
            "--form",
            "--header",
            "--output",
            "--user",
            "--user-agent",
            "--referer",
            "--upload-file",
            "--proxy",
            "--config",
            "--cookie",
            "--output-document",
            "--post-data",
            "--post-file",
            "--body-data",
            "--body-file");

    /** Whether the program builds or runs the project a path names (the registry's {@code buildsProjects}). */
    boolean buildsProjects(String program) {
        return registry.buildsProjects(program);
    }

    /** Whether the command reads a URL without a scheme as plain HTTP, as curl and wget do. */
    boolean takesSchemelessUrls(Command c) {
        return registry.reader(c.program(), c.argValues())
                .filter(r -> r == Reader.CURL_OPTIONS || r == Reader.WGET_OPTIONS)
                .isPresent();
    }

    /** curl and wget take URLs without a scheme ({@code curl pastebin.com/api}): their hosts are hosts too. */
    private static void schemelessHosts(Command c, Reading r) {
        for (Word w : operands(c, FETCH_VALUE_OPTIONS)) {
            if (w.value().indexOf("://") < 0) {
                Hosts.ofUrl(w.value()).ifPresent(r.hosts::add);
            }
        }
    }

    private void wget(Command c, Reading r) {
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v.startsWith("--post-file") || v.startsWith("--body-file")) {
                r.sends = true;
                String file = v.contains("=")
                        ? v.substring(v.indexOf('=') + 1)
                        : i + 1 < args.size() ? args.get(i + 1).value() : "";
                r.op(OpKind.READ, targetOf(file, args.get(i).dynamic()), false);
            } else if (v.startsWith("--post-data") || v.startsWith("--body-data")) {
                r.sends = true;
                r.dataHoldsSecret |= mentionsSecretVariable(v)
                        || i + 1 < args.size()
                                && mentionsSecretVariable(args.get(i + 1).value());
            } else {
                outputFile(args, i, "-O", "--output-document").ifPresent(t -> r.op(OpKind.WRITE, t, false));
            }
        }
    }

    /**
     * The file a download's output option at {@code i} names: {@code -o FILE}, {@code -sLo FILE} (ending a cluster),
     * {@code -oFILE}, {@code --output-document=FILE}; none for {@code -} (standard output) or another option.
     */
    private Optional<Target> outputFile(List<Word> args, int i, String shortOption, String longOption) {
        Word w = args.get(i);
        String v = w.value();
        if (v.equals(shortOption) || v.equals(longOption) || ProgramRegistry.endsCluster(v, shortOption)) {
            return i + 1 < args.size() && !args.get(i + 1).value().equals("-")
                    ? Optional.of(target(args.get(i + 1)))
                    : Optional.empty();
        }
        String attached = v.startsWith(longOption + "=")
                ? v.substring(longOption.length() + 1)
                : v.startsWith(shortOption) && !v.startsWith("--") ? v.substring(shortOption.length()) : "";
        return attached.isEmpty() || attached.equals("-")
                ? Optional.empty()
                : Optional.of(targetOf(attached, w.dynamic()));
    }

    private void netcat(Command c, Reading r) {
        boolean listen = r.flags.contains("listen") || r.flags.contains("l");
        boolean exec = r.flags.contains("exec")
                || r.flags.contains("command")
                || r.flags.contains("e")
                || r.flags.contains("c")
                || r.flags.contains("sh-exec")
                || r.flags.contains("lua-exec");
        if (exec) {
            r.signals.add(listen ? Signal.BIND_SHELL : Signal.REVERSE_SHELL);
        } else if (listen && !r.args.contains("127.0.0.1") && !r.args.contains("localhost")) {
            r.signals.add(Signal.LISTEN_ALL);
        }
        for (Word w : operands(c, Set.of("-e", "-c", "-p", "-s", "-w", "-i", "-q", "--exec", "--sh-exec"))) {
            Urls.bareHost(w.value()).ifPresent(r.hosts::add);
        }
        r.sends = !listen;
    }

    private void socat(Reading r) {
        String all = String.join(" ", r.args).toLowerCase(Locale.ROOT);
        boolean exec = all.contains("exec:") || all.contains("system:");
        boolean listen = all.contains("-listen:");
        if (exec) {
            r.signals.add(listen ? Signal.BIND_SHELL : Signal.REVERSE_SHELL);
        } else if (listensOnNetwork(r.args)) {
            r.signals.add(Signal.LISTEN_ALL);
        }
        for (String a : r.args) {
            int colon = a.indexOf(':');
            String type = colon > 0 ? a.substring(0, colon).toLowerCase(Locale.ROOT) : "";
            if (type.matches("tcp[46]?|tcp-connect|openssl|udp")) {
                Urls.bareHost(a.substring(colon + 1).split(",", 2)[0]).ifPresent(r.hosts::add);
            } else if (type.matches("file|open|gopen|create")) {
                // socat(1) file addresses: what socat reads from or writes to, and so may send.
                String path = a.substring(colon + 1).split(",", 2)[0];
                r.op(type.equals("create") ? OpKind.WRITE : OpKind.READ, targetOf(path, false), false);
            }
        }
        r.sends = true;
    }

    /**
     * A socat(1) listening address that others can reach: a TCP, UDP or TLS listener without a {@code bind=} option
     * naming a loopback address ({@code TCP-LISTEN:8080,bind=127.0.0.1,fork} forwards a local port only). A UNIX
     * socket listener is a file, not the network.
     */
    private static boolean listensOnNetwork(List<String> args) {
        for (String a : args) {
            String lower = a.toLowerCase(Locale.ROOT);
            int colon = lower.indexOf(':');
            if (colon < 0 || !lower.substring(0, colon).endsWith("-listen") || lower.startsWith("unix")) {
                continue;
            }
            boolean loopback = false;
            for (String option : lower.substring(colon + 1).split(",")) {
                if (option.startsWith("bind=")) {
                    String host = option.substring("bind=".length());
                    loopback = host.startsWith("127.")
                            || host.equals("localhost")
                            || host.equals("[::1]")
                            || host.equals("::1");
                }
            }
            if (!loopback) {
                return true;
            }
        }
        return false;
    }

    private void remote(Command c, Reading r) {
        List<Word> ops = operands(
                c,
                Set.of(
                        "-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-P", "-b", "-c", "-e", "-m", "-S", "-W",
                        "-w"));
        if (!ops.isEmpty()) {
            String host = ops.getFirst().value();
            host = host.substring(host.indexOf('@') + 1);
            r.hosts.add(Hosts.normalise(host));
            r.signals.add(Signal.REMOTE_TRANSFER);
            r.sends = true;
        }
        if (c.program().equals("ssh") && (r.flags.contains("R") || r.flags.contains("D"))) {
            r.signals.add(Signal.LISTEN_ALL);
        }
    }

    private static void firewall(Reading r) {
        List<String> a = r.args;
        boolean flush = r.flags.contains("F")
                || r.flags.contains("flush")
                || r.flags.contains("X")
                || r.flags.contains("delete-chain");
        boolean openPolicy = (r.flags.contains("P") || r.flags.contains("policy")) && a.contains("ACCEPT");
        boolean nftFlush = a.contains("flush") && a.contains("ruleset");
        boolean pfOff = a.contains("-d");
        if (flush || openPolicy || nftFlush || pfOff && r.program.equals("pfctl")) {
            r.signals.add(Signal.SECURITY_DISABLE);
        }
    }

    private void systemctl(Reading r) {
        String sub = r.sub;
        if (Set.of("poweroff", "reboot", "halt", "kexec", "emergency", "rescue").contains(sub)) {
            r.signals.add(Signal.SHUTDOWN);
            return;
        }
        if (!Set.of(
                        "start",
                        "stop",
                        "restart",
                        "reload",
                        "enable",
                        "disable",
                        "mask",
                        "unmask",
                        "kill",
                        "try-restart",
                        "reload-or-restart",
                        "isolate",
                        "daemon-reload",
                        "link",
                        "edit",
                        "set-default")
                .contains(sub)) {
            return;
        }
        r.signals.add(Signal.SERVICE_CONTROL);
        if (Set.of("stop", "disable", "mask", "kill").contains(sub)) {
            for (String a : r.args) {
                if (namesDefence(a.replace(".service", ""))) {
                    r.signals.add(Signal.SECURITY_DISABLE);
                }
            }
        }
    }

    /**
     * Actions of a service script that only report (service(8) on FreeBSD: {@code status}, {@code onestatus},
     * {@code rcvar}, {@code enabled}, {@code describe}; rc(8): the {@code one}, {@code fast} and {@code quiet}
     * prefixes; OpenRC's rc-service {@code status}).
     */
    private static final Pattern REPORTING_ACTION =
            Pattern.compile("^(?:one|fast|quiet|force)?(?:status|rcvar|enabled|describe|extracommands)$");

    private void service(Reading r) {
        serviceAction(r.args.stream().filter(a -> !a.startsWith("-")).toList(), r);
    }

    /** {@code SCRIPT ACTION ...}: an action that does more than report controls the service. */
    private void serviceAction(List<String> ops, Reading r) {
        if (ops.size() >= 2 && !REPORTING_ACTION.matcher(ops.get(1)).matches()) {
            r.signals.add(Signal.SERVICE_CONTROL);
            boolean defence = namesDefence(ops.get(0)) || FIREWALL_SERVICES.contains(ops.get(0));
            if (defence && Set.of("stop", "disable").contains(ops.get(1))) {
                r.signals.add(Signal.SECURITY_DISABLE);
            }
        }
    }

    /**
     * Where init systems keep their service scripts (SysV init, OpenRC, OpenWrt's procd, the BSDs' rc.d, Slackware's
     * {@code /etc/rc.d/rc.NAME}): a script run from one of them with an action is what service(8) runs.
     */
    private static final List<String> INIT_SCRIPT_DIRS =
            List.of("/etc/init.d/", "/etc/rc.d/init.d/", "/etc/rc.d/", "/usr/local/etc/rc.d/");

    /** {@code /etc/init.d/nginx restart} is {@code service nginx restart}; Slackware's {@code rc.} prefix dropped. */
    private void initScript(Command c, Reading r) {
        String written = c.programAsWritten();
        int slash = written.lastIndexOf('/');
        if (slash < 0 || !INIT_SCRIPT_DIRS.contains(written.substring(0, slash + 1))) {
            return;
        }
        String name = written.substring(slash + 1);
        List<String> ops = new ArrayList<>();
        ops.add(name.startsWith("rc.") ? name.substring(3) : name);
        r.args.stream().filter(a -> !a.startsWith("-")).forEach(ops::add);
        serviceAction(ops, r);
    }

    // ---- processes, users, history

    private static void kill(Reading r) {
        for (String a : r.args) {
            if (a.equals("-1") || a.equals("1") && !r.args.contains("-l") || listsEveryProcess(a)) {
                r.signals.add(Signal.KILL_ALL);
            }
        }
    }

    /** ps(1) selecting every process: {@code -e}, {@code -A}, or BSD {@code ax}. */
    private static final Pattern EVERY_PROCESS = Pattern.compile("^-[a-zA-Z]*[eA][a-zA-Z]*$|^-?[a-z]*a[a-z]*x[a-z]*$");

    /** Words that narrow a process list to some processes: filters, or ps's own selections by name, user, pid. */
    private static final Set<String> NARROWING =
            Set.of("grep", "egrep", "fgrep", "rg", "pgrep", "-C", "-u", "-U", "-p", "-G", "-g", "--pid", "--ppid");

    /** What narrows inside a filter's program: a pattern ({@code awk '/node/'}), a comparison, a match. */
    private static final Pattern NARROWING_PROGRAM = Pattern.compile("/|==|!=|~|\\bif\\b|\\bNR\\s*[<>]");

    /**
     * A command substitution that lists every process and hands them all over ({@code $(ps -e -o pid=)},
     * {@code `ps ax | tail -n +2`}): kill(1) then signals every process of the user, as {@code kill -1} does.
     */
    private static boolean listsEveryProcess(String word) {
        if (!word.startsWith("$(") && !word.startsWith("`")) {
            return false;
        }
        List<String> words =
                List.of(word.replaceAll("^\\$\\(|^`|\\)$|`$", "").trim().split("[\\s|]+"));
        return !words.isEmpty()
                && words.getFirst().equals("ps")
                && words.stream().anyMatch(w -> EVERY_PROCESS.matcher(w).matches())
                && words.stream().noneMatch(NARROWING::contains)
                && !NARROWING_PROGRAM.matcher(word).find();
    }

    private void pkill(Reading r) {
        for (String a : r.args) {
            if (a.equals(".") || a.equals(".*") || a.equals("*")) {
                r.signals.add(Signal.KILL_ALL);
            }
            if (namesDefence(a)) {
                r.signals.add(Signal.SECURITY_DISABLE);
            }
        }
        if ((r.args.contains("-u") || r.args.contains("-U")) && !namesAPattern(r.args)) {
            r.signals.add(Signal.KILL_ALL);
        }
    }

    /** Whether pkill's words hold a pattern: a word that is no option and no user given to {@code -u} or {@code -U}. */
    private static boolean namesAPattern(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean user =
                    i > 0 && (args.get(i - 1).equals("-u") || args.get(i - 1).equals("-U"));
            if (!a.startsWith("-") && !a.equals("root") && !user) {
                return true;
            }
        }
        return false;
    }

    private static void userChange(Reading r) {
        for (int i = 0; i < r.args.size(); i++) {
            String a = r.args.get(i);
            String next = i + 1 < r.args.size() ? r.args.get(i + 1) : "";
            if ((a.equals("-G") || a.equals("-aG") || a.equals("--groups") || a.equals("-g") || a.equals("-a"))
                    && PRIVILEGE_GROUPS.matcher(next).find()) {
                r.signals.add(Signal.PRIVILEGE_ESCALATION);
            }
            if ((a.equals("-u") || a.equals("--uid")) && next.equals("0") || a.equals("-o")) {
                r.signals.add(Signal.PRIVILEGE_ESCALATION);
            }
        }
        if (r.program.equals("gpasswd")
                && r.args.contains("-a")
                && r.args.stream().anyMatch(a -> PRIVILEGE_GROUPS.matcher(a).find())) {
            r.signals.add(Signal.PRIVILEGE_ESCALATION);
        }
        if (r.program.equals("adduser")
                && r.args.size() == 2
                && PRIVILEGE_GROUPS.matcher(r.args.get(1)).find()) {
            r.signals.add(Signal.PRIVILEGE_ESCALATION);
        }
    }

    private static void historyAssignments(List<Assignment> assignments, Reading r) {
        for (Assignment a : assignments) {
            historyVariable(a.name(), a.value().value(), r);
        }
    }

    /**
     * Variables that make the loader or a runtime load code into whatever program runs next, whatever that program is
     * (ld.so(8) LD_PRELOAD and LD_AUDIT, dyld(1) DYLD_INSERT_LIBRARIES, bash(1) BASH_ENV and PROMPT_COMMAND,
     * iconv(3) GCONV_PATH): code hidden in configuration, like {@code GIT_PAGER}.
     */
    private static final Set<String> LOADER_VARIABLES =
            Set.of("LD_PRELOAD", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "PROMPT_COMMAND", "GCONV_PATH");

    /**
     * Runtime option variables load code only with these options (node(1) {@code --require}, {@code --import},
     * {@code --loader}; the JVM's {@code -javaagent}, {@code -agentpath}, {@code -agentlib}); a heap size is not code.
     */
    private static final Map<String, java.util.regex.Pattern> LOADING_OPTIONS = Map.of(
            "NODE_OPTIONS",
                    java.util.regex.Pattern.compile("(^|\\s)(-r|--require|--import|--loader|--experimental-loader)\\b"),
            "JAVA_TOOL_OPTIONS", java.util.regex.Pattern.compile("-(javaagent|agentpath|agentlib)"),
            "_JAVA_OPTIONS", java.util.regex.Pattern.compile("-(javaagent|agentpath|agentlib)"),
            "JDK_JAVA_OPTIONS", java.util.regex.Pattern.compile("-(javaagent|agentpath|agentlib)"));

    private static void loaderVariable(String name, String value, Reading r) {
        java.util.regex.Pattern loading = LOADING_OPTIONS.get(name);
        if (LOADER_VARIABLES.contains(name) && !value.isEmpty()
                || loading != null && loading.matcher(value).find()) {
            r.signals.add(Signal.CONFIG_CODE);
        }
    }

    private static void historyVariables(Reading r) {
        for (String a : r.args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                loaderVariable(a.substring(0, eq), a.substring(eq + 1), r);
                historyVariable(a.substring(0, eq), a.substring(eq + 1), r);
            } else if (r.program.equals("unset") && a.startsWith("HIST")) {
                r.signals.add(Signal.HISTORY_WIPE);
            }
        }
        if (r.program.equals("set") && r.args.contains("+o") && r.args.contains("history")) {
            r.signals.add(Signal.HISTORY_WIPE);
        }
    }

    private static void historyVariable(String name, String value, Reading r) {
        if ((name.equals("HISTFILE") && (value.equals("/dev/null") || value.isEmpty()))
                || ((name.equals("HISTSIZE") || name.equals("HISTFILESIZE") || name.equals("SAVEHIST"))
                        && value.equals("0"))) {
            r.signals.add(Signal.HISTORY_WIPE);
        }
    }

    private static void crontab(Reading r) {
        // crontab(1): -l lists and -r removes the user's jobs; neither installs one (-r is the registry's `destroys`).
        if (r.flags.contains("l") || r.flags.contains("r")) {
            return;
        }
        r.signals.add(Signal.PERSISTENCE_JOB);
    }

    // ---- version control, packages, publishing, containers, listeners, SQL

    private void git(Command c, Reading r) {
        if (r.sub.equals("rm") && r.flags.contains("r") && !r.flags.contains("cached")) {
            List<Word> ops = operands(c, Set.of("-C", "-c"));
            for (int i = 1; i < ops.size(); i++) {
                r.op(OpKind.DELETE, target(ops.get(i)), true);
            }
        }
    }

    /** pacman's sync operation asked only to search, show, list or name groups ({@code -Ss}, {@code -Si}). */
    private static boolean syncQuery(Set<String> flags) {
        return (flags.contains("s") || flags.contains("i") || flags.contains("l") || flags.contains("g"))
                && !flags.contains("y")
                && !flags.contains("u")
                && !flags.contains("w");
    }

    private static void packages(Reading r) {
        String p = r.program;
        String sub = r.sub;
        if (sub.isEmpty()
                && !p.equals("pacman")
                && !p.equals("yay")
                && !p.equals("paru")
                && !p.equals("emerge")
                && !p.equals("nix-env")
                && !p.startsWith("python")) {
            return;
        }
        List<String> names = positionalAfter(r.args, sub);
        boolean install = switch (p) {
            case "apt",
                    "apt-get",
                    "aptitude",
                    "dnf",
                    "yum",
                    "zypper",
                    "snap",
                    "flatpak",
                    "port",
                    "choco",
                    "winget",
                    "pkg" ->
                Set.of("install", "reinstall", "remove", "purge", "autoremove", "erase", "in", "rm")
                        .contains(sub);
            case "apk" -> Set.of("add", "del").contains(sub);
            // -Ss, -Si, -Sl and -Sg search and print the sync databases (pacman(8), "SYNC OPTIONS"): no install
            case "pacman", "yay", "paru" ->
                (r.flags.contains("S") || r.flags.contains("sync")) && !syncQuery(r.flags)
                        || r.flags.contains("U")
                        || r.flags.contains("R");
            case "emerge" -> !names.isEmpty();
            case "nix-env" -> r.flags.contains("i") || r.flags.contains("install");
            case "brew" ->
                Set.of("install", "reinstall", "uninstall", "upgrade", "tap", "remove", "rm")
                        .contains(sub);
            case "pip", "pip3" -> Set.of("install", "uninstall").contains(sub) && namesPackages(r.args, sub);
            case "uv" ->
                sub.equals("add")
                        || sub.equals("pip")
                                && r.args.contains("install")
                                && namesPackages(r.args.subList(r.args.indexOf("install"), r.args.size()), "install")
                        || sub.equals("tool") && r.args.contains("install");
            case "npm", "pnpm", "bun" ->
                (Set.of("install", "i", "add").contains(sub) && !names.isEmpty())
                        || (Set.of("install", "i", "add").contains(sub)
                                && (r.flags.contains("g") || r.flags.contains("global")));
            case "yarn" -> sub.equals("add") || sub.equals("global");
            case "cargo" -> sub.equals("install") || sub.equals("add");
            case "go" -> (sub.equals("install") || sub.equals("get")) && !names.isEmpty();
            case "gem", "pipx", "conda", "mamba" -> sub.equals("install") && !names.isEmpty();
            case "composer" -> sub.equals("require") || sub.equals("global");
            case "poetry" -> sub.equals("add");
            case "bundle" -> sub.equals("add");
            case "dotnet" ->
                sub.equals("add") && r.args.contains("package") || sub.equals("tool") && r.args.contains("install");
            case "rustup" ->
                sub.equals("toolchain") && r.args.contains("install") || sub.equals("target") && r.args.contains("add");
            default -> false;
        };
        if (install) {
            r.signals.add(Signal.PACKAGE_INSTALL);
        }
    }

    private static boolean namesPackages(List<String> args, String sub) {
        List<String> names = new ArrayList<>();
        boolean skipNext = false;
        boolean after = false;
        for (String a : args) {
            if (!after) {
                after = a.equals(sub);
                continue;
            }
            if (skipNext) {
                skipNext = false;
                continue;
            }
            if (Set.of(
                            "-r",
                            "--requirement",
                            "-c",
                            "--constraint",
                            "-e",
                            "--editable",
                            "-i",
                            "--index-url",
                            "--extra-index-url",
                            "-t",
                            "--target",
                            "-f",
                            "--find-links")
                    .contains(a)) {
                skipNext = true;
                continue;
            }
            if (!a.startsWith("-")
                    && !a.startsWith(".")
                    && !a.startsWith("/")
                    && !a.endsWith(".whl")
                    && !a.endsWith(".txt")) {
                // pip, setuptools and wheel are packages from the index like any other: upgrading them is a named
                // install.
                names.add(a.split("[=<>\\[~!]", 2)[0].toLowerCase(Locale.ROOT));
            }
        }
        return !names.isEmpty();
    }

    private static List<String> positionalAfter(List<String> args, String sub) {
        int at = args.indexOf(sub);
        if (at < 0) {
            return List.of();
        }
        return args.subList(at + 1, args.size()).stream()
                .filter(a -> !a.startsWith("-"))
                .toList();
    }

    private void container(Command c, Reading r) {
        // The family's subcommand, read with its value options (the registry's), so every runtime of the family is
        // read alike; `container run` and `compose run` (a service's one-off container) run a container too.
        List<Word> words = operands(c, registry.valueOptions(c.program(), c.argValues()));
        int at = words.size() > 1
                        && Set.of("container", "compose").contains(words.get(0).value())
                ? 1
                : 0;
        String sub = words.isEmpty() ? "" : words.get(at).value();
        if (!Set.of("run", "create", "exec", "service").contains(sub)) {
            return;
        }
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            String next = i + 1 < args.size() ? args.get(i + 1).value() : "";
            String value = v.contains("=") ? v.substring(v.indexOf('=') + 1) : next;
            String flag = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
            switch (flag) {
                case "--privileged" -> r.signals.add(Signal.PRIVILEGED_CONTAINER);
                case "--cap-add" -> {
                    if (value.matches(
                            "(?i)(ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE|NET_ADMIN|DAC_READ_SEARCH|SYS_RAWIO)")) {
                        r.signals.add(Signal.PRIVILEGED_CONTAINER);
                    }
                }
                // host namespaces: the host's processes, IPC, hostname, users, cgroups or network stack
                case "--pid", "--ipc", "--uts", "--userns", "--cgroupns", "--network", "--net" -> {
                    if (value.equals("host")) {
                        r.signals.add(Signal.PRIVILEGED_CONTAINER);
                    }
                }
                case "--security-opt" -> {
                    if (value.contains("unconfined")
                            || value.contains("label=disable")
                            || value.contains("label:disable")) {
                        r.signals.add(Signal.PRIVILEGED_CONTAINER);
                    }
                }
                case "--device" -> r.signals.add(Signal.PRIVILEGED_CONTAINER);
                case "-v", "--volume" ->
                    hostMount(
                            value.split(":", 2)[0],
                            args.get(i).dynamic()
                                    || (i + 1 < args.size() && args.get(i + 1).dynamic()),
                            r);
                case "--mount" -> {
                    for (String part : value.split(",")) {
                        if (part.startsWith("source=") || part.startsWith("src=")) {
                            hostMount(part.substring(part.indexOf('=') + 1), false, r);
                        }
                    }
                }
                default -> {}
            }
        }
    }

    private void hostMount(String source, boolean dynamic, Reading r) {
        if (dynamic || !(source.startsWith("/") || source.startsWith("~") || source.startsWith("."))) {
            return;
        }
        String resolved = source.startsWith("~") ? null : resolve(source);
        if (resolved == null) {
            r.signals.add(Signal.HOST_MOUNT);
            return;
        }
        Set<PathClass> classes = classifier.classify(resolved);
        if (resolved.endsWith("docker.sock")
                || classes.contains(PathClass.ROOT)
                || classes.contains(PathClass.SYSTEM)
                || classes.contains(PathClass.HOME)
                || classes.contains(PathClass.SECRET)
                || classes.contains(PathClass.DEVICE)) {
            r.signals.add(Signal.HOST_MOUNT);
        }
    }

    /**
     * Python's {@code http.server} (run as {@code python -m http.server}, read as the module): it serves on every
     * interface unless {@code --bind}/{@code -b} names another address.
     */
    private static void python(Reading r) {
        String address = optionValue(r.args, "--bind", "-b").orElse("");
        if (address.equals("0.0.0.0") || address.equals("::") || address.isEmpty()) {
            r.signals.add(Signal.LISTEN_ALL);
        }
    }

    /**
     * An every-interface address given to any program, as an argument ({@code --host 0.0.0.0}, {@code
     * --bind=0.0.0.0}) or in a variable set for the command ({@code OLLAMA_HOST=0.0.0.0:11434 ollama serve},
     * {@code HOST=0.0.0.0 npm run dev}): servers read their address from either, and nothing but a bind address is
     * spelled that way; so is a switch that names every interface (the registry's {@code listen_all_options}: {@code
     * tensorboard --bind_all}). A fetch of such an address is a client's, not a listener's.
     */
    private void listenFlags(Command c, Reading r) {
        if (r.fetches) {
            return;
        }
        Set<String> switches = registry.words(WordList.LISTEN_ALL_OPTIONS);
        for (String a : r.args) {
            if (everyInterface(a) || a.endsWith("=0.0.0.0") || switches.contains(a)) {
                r.signals.add(Signal.LISTEN_ALL);
            }
        }
        for (Assignment a : c.assignments()) {
            if (everyInterface(a.value().value())) {
                r.signals.add(Signal.LISTEN_ALL);
            }
        }
    }

    private static boolean everyInterface(String address) {
        return address.equals("0.0.0.0")
                || address.equals("::")
                || address.equals("[::]")
                || address.startsWith("0.0.0.0:");
    }

    private static void listenAddress(Reading r, String address) {
        if (address.startsWith("0.0.0.0") || address.startsWith("[::]")) {
            r.signals.add(Signal.LISTEN_ALL);
        }
    }

    /**
     * A SQL statement handed to any program after one of its query words (the registry's {@code query_words}: {@code
     * snow sql -q "DROP TABLE t"}, {@code turso db shell DB "DELETE FROM t"}, {@code aws athena start-query-execution
     * --query-string "DROP TABLE t"}), read as a database client's inline SQL is. A word that is an option's value
     * ({@code rg --type sql "DELETE FROM t"}) hands over no query; database clients read their own SQL.
     */
    private void queryArguments(Command c, Reading r) {
        if (registry.reader(c.program(), r.args)
                .filter(Reader.SQL_CLIENT::equals)
                .isPresent()) {
            return;
        }
        Set<String> queryWords = registry.words(WordList.QUERY_WORDS);
        StringBuilder statements = new StringBuilder();
        boolean handed = false;
        for (int i = 0; i < r.args.size(); i++) {
            String a = r.args.get(i);
            if (handed && SQL_STATEMENTS.contains(firstWord(a))) {
                statements.append(a).append(";\n");
            }
            String before = i > 0 ? r.args.get(i - 1) : "";
            boolean optionValue = !a.startsWith("-") && before.startsWith("-") && before.indexOf('=') < 0;
            handed |= !optionValue && namesQuery(a, queryWords);
        }
        if (statements.isEmpty()) {
            return;
        }
        SqlText read = SqlText.read(statements.toString());
        if (read.destroys()) {
            r.signals.add(Signal.DESTRUCTIVE_SQL);
        }
        if (read.accounts()) {
            r.signals.add(Signal.ACCOUNT_CHANGE);
        }
    }

    /** The statements that can change data or accounts, by their first word. */
    private static final Set<String> SQL_STATEMENTS = Set.of(
            "drop",
            "truncate",
            "delete",
            "update",
            "alter",
            "grant",
            "revoke",
            "create",
            "rename",
            "flushall",
            "flushdb");

    private static String firstWord(String text) {
        String t = text.strip();
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return t.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** {@code sql}, {@code --query-string}, {@code start-query-execution}: a word with a query word as a part. */
    private static boolean namesQuery(String arg, Set<String> queryWords) {
        if (arg.indexOf('/') >= 0) {
            return false;
        }
        // by hand, not with regular expressions: this is asked of every argument of every command
        int start = 0;
        while (start < arg.length() && arg.charAt(start) == '-') {
            start++;
        }
        int eq = arg.indexOf('=', start);
        int end = eq < 0 ? arg.length() : eq;
        for (int i = start; i <= end; i++) {
            if (i == end || arg.charAt(i) == '-' || arg.charAt(i) == '_' || arg.charAt(i) == ':') {
                if (i > start && queryWords.contains(arg.substring(start, i).toLowerCase(Locale.ROOT))) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * A database client's inline SQL and client commands (arguments, here-documents and here-strings, and text
     * piped in by {@code echo} or {@code printf}), read by {@link SqlText}:
     * destructive statements, files the server reads or writes, and commands run through the client's shell escapes
     * or {@code COPY … PROGRAM} (read back through the shell analysis).
     */
    private void sql(Command c, Reading r) {
        StringBuilder text = new StringBuilder();
        for (String a : r.args) {
            text.append(a).append(";\n");
        }
        if (c.stdin() instanceof Input.Text(String op, Word body)) {
            text.append(body.value());
        }
        // `echo 'DROP TABLE users;' | sqlite3 app.db`: the same SQL as an argument (a `<` file is not read)
        c.pipedText().ifPresent(text::append);
        SqlText read = SqlText.read(text.toString());
        if (read.destroys()) {
            r.signals.add(Signal.DESTRUCTIVE_SQL);
        }
        if (read.accounts()) {
            r.signals.add(Signal.ACCOUNT_CHANGE);
        }
        read.reads().forEach(p -> r.op(OpKind.READ, targetOf(p, false), false));
        read.writes().forEach(p -> r.op(OpKind.WRITE, targetOf(p, false), false));
        r.code.addAll(EmbeddedShell.sql(text.toString(), r.program));
    }

    /** {@code $NAME} or {@code ${NAME}} whose name holds SECRET, TOKEN, PASSWORD...: one pass over the text. */
    /** The request headers among a client's arguments: {@code -H V}, {@code -HV}, {@code --header V}, {@code --header=V}. */
    static List<String> headers(List<String> args) {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-H") || a.equals("--header")) && i + 1 < args.size()) {
                headers.add(args.get(++i));
            } else if (a.startsWith("--header=")) {
                headers.add(a.substring("--header=".length()));
            } else if (a.startsWith("-H") && a.length() > 2 && a.indexOf(':') > 0) {
                headers.add(a.substring(2));
            }
        }
        return headers;
    }

    /**
     * Whether a header ({@code Name: value}) carries data rather than a credential: its name does not name one
     * ({@code Authorization}, {@code Cookie}, {@code X-API-Key}, {@code PRIVATE-TOKEN}, {@code X-Vault-Token} do).
     */
    static boolean carriesData(String header) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
        for (String credential : CREDENTIAL_HEADER_PARTS) {
            if (name.contains(credential)) {
                return false;
            }
        }
        return true;
    }

    private static final List<String> CREDENTIAL_HEADER_PARTS =
            List.of("auth", "token", "key", "cookie", "session", "secret", "pass", "credential", "signature", "jwt");

    static boolean mentionsSecretVariable(String text) {
        for (int i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
            int start = i + 1 < text.length() && text.charAt(i + 1) == '{' ? i + 2 : i + 1;
            int end = start;
            while (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
            String name = text.substring(start, end);
            for (String part : SECRET_NAME_PARTS) {
                if (endsWord(name, part)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code GITHUB_TOKEN}, {@code AWS_SECRET_ACCESS_KEY}, {@code NPMTOKEN}, {@code DB_PASSWORDS}: the part ends a word of
     * the name (the name's end or an underscore follows, an {@code S} between). {@code TOKENIZERS_PARALLELISM} is a
     * setting, not a token.
     */
    private static boolean endsWord(String name, String part) {
        for (int i = name.indexOf(part); i >= 0; i = name.indexOf(part, i + 1)) {
            int after = i + part.length();
            if (after < name.length() && name.charAt(after) == 'S') {
                after++;
            }
            if (after == name.length() || name.charAt(after) == '_') {
                return true;
            }
        }
        return false;
    }

    // ---- words and targets

    private static String subcommand(Command c) {
        if (!MULTI.contains(c.program())) {
            return "";
        }
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (VALUE_OPTIONS.contains(v)) {
                i++;
            } else if (!v.startsWith("-")) {
                return v;
            }
        }
        return "";
    }

    /** Non-flag arguments; {@code valueOptions} take the next word as their value. */
    static List<Word> operands(Command c, Set<String> valueOptions) {
        List<Word> out = new ArrayList<>();
        boolean onlyOperands = false;
        List<Word> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            Word w = args.get(i);
            String v = w.value();
            if (!onlyOperands && v.equals("--")) {
                onlyOperands = true;
            } else if (!onlyOperands && valueOptions.contains(v)) {
                i++;
            } else if (onlyOperands || !v.startsWith("-") || v.equals("-") || w.dynamic() && !v.startsWith("--")) {
                if (!v.equals("-") && !v.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** Whether an absolute path is {@link PathClass#LIGHTHOUSE_DATA}, as {@link #target} would classify it. */
    boolean isLighthouseData(String absolute) {
        return classifier.isLighthouseData(absolute);
    }

    Target target(Word w) {
        if (w.dynamic()) {
            return PathClassifier.dynamic(w.value());
        }
        if (w.path().isPresent()) {
            return classifier.target(w.value(), w.path().get());
        }
        return targetOf(w.value(), false);
    }

    /** A path a program names, from the directory {@code dir} when it is relative. */
    Target targetIn(String dir, String value) {
        if (value.startsWith("/") || value.startsWith("~") || value.contains("$") || value.contains("`")) {
            return targetOf(value, false);
        }
        return classifier.target(value, Path.of(dir).resolve(value).normalize().toString());
    }

    Target targetOf(String value, boolean dynamic) {
        if (dynamic || value.contains("$") || value.contains("`")) {
            return PathClassifier.dynamic(value);
        }
        return classifier.target(value, resolve(value));
    }

    private String resolve(String value) {
        if (value.startsWith("~/") && !classifier.home().isEmpty()) {
            // A payload cut out of a word (HTTPie's f@~/x, --post-file=~/x) was not tilde-expanded by the shell; the
            // programs that read it (or a later shell) treat ~ as home, and so does the judgment.
            return Path.of(classifier.home())
                    .resolve(value.substring(2))
                    .normalize()
                    .toString();
        }
        if (value.startsWith("/")) {
            return Path.of(value).normalize().toString();
        }
        return Path.of(cwd).resolve(value).normalize().toString();
    }

    private static String baseName(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }

    /** The per-command facts, gathered while reading. */
    static final class Reading {
        final String program;
        final String sub;
        final List<String> args;
        final Set<String> flags;
        final List<Op> ops = new ArrayList<>();
        final EnumSet<Signal> signals = EnumSet.noneOf(Signal.class);
        final List<String> hosts = new ArrayList<>();
        boolean sends;
        /** It downloads (the registry's {@code fetches}): what it prints, and what it saves, is fetched. */
        boolean fetches;
        /** It opens a raw connection to a host (the registry's {@code connects}). */
        boolean connects;
        /** Where its downloads land, files or directories, as named (the registry's {@code fetches} payloads). */
        final List<String> fetchedTo = new ArrayList<>();
        /** Where what it unpacks lands, as named (the registry's {@code unpacks} payloads, or tar's directory). */
        final List<String> unpacksTo = new ArrayList<>();

        boolean dataHoldsSecret;
        /** What it prints is private data (a database dump, the pasteboard): {@link Reader#PRINTS_PRIVATE}. */
        boolean printsPrivate;

        /** What it prints is what passes by (packets, system calls): {@link Reader#CAPTURES}. */
        boolean captures;
        /** It reads a whole tree that holds secret places ({@code tar czf x.tgz ~}): see {@link #holdsSecrets}. */
        boolean readsSecretTree;
        /** What it sends is such a tree ({@code rclone copy ~/.config remote:x}), not only what it reads. */
        boolean sendsSecretTree;
        /** The most the command can do, by the registry; empty when it does not know. */
        Optional<Scope> scope = Optional.empty();
        /** The scope it has once the code it runs is vouched for, command by command (registry's scope of a wrapper). */
        Optional<Scope> scopeOfWrapper = Optional.empty();
        /** Shell code an option of the program runs (from the registry's {@code runs_code} payloads). */
        final List<String> code = new ArrayList<>();
        /** The files a search hands to the code it runs ({@code find -exec}, {@code fd -x}): see {@link FoundFiles}. */
        Optional<FoundFiles> found = Optional.empty();

        Reading(Command command, String sub) {
            this.program = command.program();
            this.sub = sub;
            this.args = command.argValues();
            this.flags = Flags.normalise(program, sub, args);
        }

        /** A reading of its own with the same facts, for a command that is the same as this one's. */
        private Reading(Reading same) {
            this.program = same.program;
            this.sub = same.sub;
            this.args = same.args;
            this.flags = same.flags;
            this.ops.addAll(same.ops);
            this.signals.addAll(same.signals);
            this.hosts.addAll(same.hosts);
            this.sends = same.sends;
            this.fetches = same.fetches;
            this.connects = same.connects;
            this.fetchedTo.addAll(same.fetchedTo);
            this.unpacksTo.addAll(same.unpacksTo);
            this.dataHoldsSecret = same.dataHoldsSecret;
            this.printsPrivate = same.printsPrivate;
            this.captures = same.captures;
            this.readsSecretTree = same.readsSecretTree;
            this.sendsSecretTree = same.sendsSecretTree;
            this.scope = same.scope;
            this.scopeOfWrapper = same.scopeOfWrapper;
            this.code.addAll(same.code);
            this.found = same.found;
        }

        Reading copy() {
            return new Reading(this);
        }

        void op(OpKind kind, Target target, boolean recursive) {
            ops.add(new Op(kind, target, recursive));
        }
    }
}
