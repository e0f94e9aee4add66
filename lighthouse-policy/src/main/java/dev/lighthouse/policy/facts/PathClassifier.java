package dev.lighthouse.policy.facts;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classifies absolute POSIX paths into {@link PathClass}es, lexically: nothing is read from disk, so the answer for a
 * path is the same on every machine given the same project and home.
 *
 * <p>A glob is judged by the place it reaches: {@code ~/*} is all of home ({@link PathClass#HOME}), {@code /etc/*.conf}
 * is under {@code /etc}. When the project root is {@code /}, home or a system directory, project membership is
 * ignored: a shell opened in {@code ~} does not make all of home "the project".
 *
 * <p>Thread-safe; its answers never change. It remembers up to {@link #MEMO_LIMIT} targets it has classified, since a
 * hostile line repeats the same words thousands of times (an {@code eval eval …} chain of 13,000 words classified once
 * per word and level took most of a 120 ms decision).
 */
public final class PathClassifier {
    private static final Set<String> SYSTEM_TOP = Set.of(
            "etc",
            "usr",
            "bin",
            "sbin",
            "lib",
            "lib32",
            "lib64",
            "libx32",
            "boot",
            "var",
            "opt",
            "root",
            "proc",
            "sys",
            "run",
            "snap",
            "System",
            "Library",
            "Applications",
            "private",
            "efi",
            "lost+found");
    private static final Set<String> PSEUDO_DEVICES = Set.of(
            "/dev/null",
            "/dev/zero",
            "/dev/random",
            "/dev/urandom",
            "/dev/tty",
            "/dev/stdin",
            "/dev/stdout",
            "/dev/stderr",
            "/dev/ptmx",
            "/dev/full");
    private static final Set<String> BUILD_DIRS = Set.of(
            "target",
            "build",
            "dist",
            "out",
            "node_modules",
            ".next",
            ".nuxt",
            ".turbo",
            ".parcel-cache",
            "__pycache__",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            ".tox",
            ".nox",
            ".venv",
            "venv",
            ".gradle",
            ".cache",
            "coverage",
            ".coverage",
            "htmlcov",
            ".angular",
            ".svelte-kit",
            "cmake-build-debug",
            "cmake-build-release",
            ".terraform",
            "bower_components",
            ".eggs",
            "site-packages",
            "_build",
            ".stack-work",
            "dist-newstyle",
            "DerivedData",
            ".dart_tool",
            "vendor",
            "tmp",
            ".tmp",
            "temp",
            "cache");
    private static final Set<String> VCS_DIRS = Set.of(".git", ".hg", ".svn");
    /** Which places are history, start-up files, secrets, persistence, privilege files and caches: data. */
    private static final Places PLACES = Places.builtIn();

    /** Files only Lighthouse writes, protected wherever they are (a data dir the facts were not told of). */
    private static final Set<String> LIGHTHOUSE_FILES =
            Set.of("owner.token", "events.keys", "events.checkpoints", "review.key", "hook-token");

    private static final Set<String> LIGHTHOUSE_CONFIG_FILES = Set.of("lighthouse.yaml", "lighthouse.yml");
    /** Agent settings that install, or can switch off, hooks: directory, then file name prefix and suffix. */
    private static final List<List<String>> AGENT_HOOK_FILES = List.of(
            List.of(".claude", "settings", ".json"),
            List.of(".codex", "hooks", ".json"),
            List.of(".codex", "config", ".toml"),
            List.of(".gemini", "settings", ".json"),
            List.of(".qwen", "settings", ".json"));

    // Agents whose hook is a whole directory of files (OpenCode's plugins, Copilot CLI's and Cline's hooks): every file
    // in it,
    // and the directory itself. Named with their parent, since "hooks" and "plugins" alone are ordinary names.
    private static final List<String> AGENT_HOOK_DIRS =
            List.of("/.opencode/plugins", "/opencode/plugins", "/.copilot/hooks", "/.github/hooks", "/.cline/hooks");
    // Directories whose removal takes such a hook directory with them.
    private static final List<String> AGENT_HOOK_DIR_OWNERS = List.of("/.opencode", "/.copilot", "/.cline");

    private final String project;
    private final String home;
    private final boolean projectUsable;
    private final List<String> protectedPaths;
    private final List<String> dataDirs;
    private final Map<List<String>, Target> memo = new ConcurrentHashMap<>();

    static final int MEMO_LIMIT = 4_096;

    /** Both directories absolute and normalised; protected paths absolute. */
    public PathClassifier(String project, String home, List<String> protectedPaths) {
        this(project, home, protectedPaths, List.of());
    }

    /**
     * @param dataDirs Lighthouse's data directories (absolute): everything under them is {@link
     *     PathClass#LIGHTHOUSE_DATA}
     */
    public PathClassifier(String project, String home, List<String> protectedPaths, List<String> dataDirs) {
        this.protectedPaths =
                protectedPaths.stream().map(PathClassifier::trimSlash).toList();
        this.project = trimSlash(project);
        this.home = trimSlash(home);
        this.projectUsable = projectUsable(this.project, this.home);
        this.dataDirs = dataDirs.stream().map(PathClassifier::trimSlash).toList();
    }

    /**
     * Whether the directory {@code target} holds secret places below it (the home directory, {@code ~/.config} holding
     * {@code ~/.config/gh/hosts.yml}, {@code /etc} holding {@code /etc/shadow}): a tree read whole reads them.
     */
    boolean holdsSecrets(Target target) {
        if (!target.resolved().startsWith("/")) {
            return false;
        }
        String path = trimSlash(target.resolved());
        if (path.isEmpty() || path.equals(home)) {
            return true;
        }
        if (!home.isEmpty() && under(path, home)) {
            String rel = path.substring(home.length() + 1) + "/";
            return PLACES.home(PathClass.SECRET).stream().anyMatch(p -> p.startsWith(rel));
        }
        String dir = path + "/";
        return path.startsWith("/") && PLACES.system(PathClass.SECRET).stream().anyMatch(p -> p.startsWith(dir));
    }

    /** The home directory paths are judged against, without a trailing slash. */
    String home() {
        return home;
    }

    private static final Set<String> NEVER_PROJECT_TOP =
            Set.of("etc", "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "boot", "proc", "sys", "dev", "run");

    /**
     * A project at {@code /}, at home or above it, directly under {@code /} ({@code /tmp}, {@code /opt}) or inside
     * an operating-system tree ({@code /etc/x}) does not make its contents "the project".
     */
    private static boolean projectUsable(String project, String home) {
        if (project.isEmpty() || project.equals(home) || home.startsWith(project + "/")) {
            return false;
        }
        int second = project.indexOf('/', 1);
        if (second < 0) {
            return false;
        }
        return !NEVER_PROJECT_TOP.contains(project.substring(1, second));
    }

    /**
     * A target whose path could not be known. What its written tail names still counts: {@code
     * $CODEX_HOME/hooks.json} is an agent's hook settings and {@code $LIGHTHOUSE_HOME/owner.token} Lighthouse's data
     * wherever those variables point.
     */
    public static Target dynamic(String written) {
        EnumSet<PathClass> classes = EnumSet.of(PathClass.DYNAMIC);
        String spelled = written;
        for (String codexHome : List.of("${CODEX_HOME}", "$CODEX_HOME")) {
            spelled = spelled.replace(codexHome, "/.codex");
        }
        for (String dataDir :
                List.of("${LIGHTHOUSE_HOME}", "$LIGHTHOUSE_HOME", "${LIGHTHOUSE_DATA_DIR}", "$LIGHTHOUSE_DATA_DIR")) {
            if (spelled.contains(dataDir)) {
                classes.add(PathClass.LIGHTHOUSE_DATA);
            }
        }
        classes.addAll(namedSelfClasses(spelled));
        if (spelled.startsWith("/proc/") && (spelled.endsWith("/environ") || spelled.endsWith("/mem"))) {
            classes.add(PathClass.SECRET); // /proc/$(pgrep app)/environ: whichever process, its environment or memory
        }
        if (spelled.startsWith("~/") && spelled.length() > 2) {
            // A tilde left unexpanded is a home this machine does not know (ssh HOST 'cat >> ~/.ssh/authorized_keys'
            // runs on another host): wherever that home is, its places are what they are in any home.
            Set<PathClass> inHome = classifyInHome(spelled.substring(2));
            inHome.remove(PathClass.HOME_FILE);
            classes.addAll(inHome);
        }
        return new Target(written, written, classes);
    }

    /** Classifies an absolute path (normalised; may hold glob characters). */
    public Target target(String written, String absolute) {
        List<String> key = List.of(written, absolute);
        Target known = memo.get(key);
        if (known != null) {
            return known;
        }
        Target t = classifyTarget(written, absolute);
        if (memo.size() < MEMO_LIMIT) {
            memo.put(key, t);
        }
        return t;
    }

    private Target classifyTarget(String written, String absolute) {
        Set<PathClass> classes = classify(absolute);
        if (!protectedPaths.isEmpty()) {
            String path = trimSlash(absolute);
            int glob = firstGlob(path);
            if (glob >= 0) {
                path = path.substring(0, Math.max(0, path.lastIndexOf('/', glob)));
            }
            for (String p : protectedPaths) {
                if (path.equals(p) || path.startsWith(p + "/") || p.startsWith(path + "/") || path.isEmpty()) {
                    EnumSet<PathClass> more = EnumSet.copyOf(classes);
                    more.add(PathClass.PROTECTED);
                    return new Target(written, absolute, more);
                }
            }
        }
        return new Target(written, absolute, classes);
    }

    /** The classes of an absolute, normalised path; globs judged by the place they reach. */
    public Set<PathClass> classify(String absolute) {
        Set<PathClass> classes = classifyPlace(absolute);
        EnumSet<PathClass> self = selfClasses(trimSlash(absolute));
        if (self.isEmpty()) {
            return classes;
        }
        self.addAll(classes);
        self.remove(PathClass.TEMP);
        self.remove(PathClass.BUILD_OUTPUT);
        return self;
    }

    /**
     * Lighthouse's own places: its data dirs (and a glob reaching into one, or a parent whose tree holds one), its
     * config files, the agents' hook settings. These are never scratch space or build output, wherever they are.
     */
    private EnumSet<PathClass> selfClasses(String path) {
        EnumSet<PathClass> classes = EnumSet.noneOf(PathClass.class);
        if (inDataDir(path)) {
            classes.add(PathClass.LIGHTHOUSE_DATA);
        }
        classes.addAll(namedSelfClasses(path));
        return classes;
    }

    /** A data dir, a path under one, or a glob reaching into one. */
    private boolean inDataDir(String path) {
        int glob = firstGlob(path);
        String place = glob < 0 ? path : path.substring(0, Math.max(0, path.lastIndexOf('/', glob)));
        for (String dir : dataDirs) {
            if (place.equals(dir) || place.startsWith(dir + "/") || (glob >= 0 && dir.startsWith(place + "/"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #classify} finds the absolute path {@link PathClass#LIGHTHOUSE_DATA}, without classifying it
     * otherwise: the question asked of every path-like argument of every command.
     */
    boolean isLighthouseData(String absolute) {
        String path = trimSlash(absolute);
        return inDataDir(path) || LIGHTHOUSE_FILES.contains(path.substring(path.lastIndexOf('/') + 1));
    }

    /** Lighthouse's files, its config files and the agents' hook settings, known by their names wherever they are. */
    private static EnumSet<PathClass> namedSelfClasses(String path) {
        EnumSet<PathClass> classes = EnumSet.noneOf(PathClass.class);
        int glob = firstGlob(path);
        String place = glob < 0 ? path : path.substring(0, Math.max(0, path.lastIndexOf('/', glob)));
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (LIGHTHOUSE_FILES.contains(name)) {
            classes.add(PathClass.LIGHTHOUSE_DATA);
        }
        if (LIGHTHOUSE_CONFIG_FILES.contains(name)) {
            classes.add(PathClass.LIGHTHOUSE_CONFIG);
        }
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "" : path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
        String within = "/" + place;
        for (String dir : AGENT_HOOK_DIRS) {
            if (within.endsWith(dir) || within.contains(dir + "/") || ("/" + path).endsWith(dir)) {
                classes.add(PathClass.AGENT_HOOKS);
            }
        }
        for (String owner : AGENT_HOOK_DIR_OWNERS) {
            if (("/" + path).endsWith(owner)) {
                classes.add(PathClass.AGENT_HOOKS);
            }
        }
        for (List<String> hook : AGENT_HOOK_FILES) {
            if (parent.equals(hook.get(0))
                    && (glob >= 0
                            ? name.startsWith("*") || name.startsWith(hook.get(1))
                            : name.startsWith(hook.get(1)) && name.endsWith(hook.get(2)))) {
                classes.add(PathClass.AGENT_HOOKS);
            }
            if (name.equals(hook.get(0)) || (glob >= 0 && place.endsWith("/" + hook.get(0)))) {
                // the settings directory itself (rm -rf .claude, mv .gemini x, chmod -R .codex)
                classes.add(PathClass.AGENT_HOOKS);
            }
        }
        return classes;
    }

    private Set<PathClass> classifyPlace(String absolute) {
        String path = trimSlash(absolute);
        int glob = firstGlob(path);
        if (glob < 0) {
            return classifyPlain(path);
        }
        int slash = path.lastIndexOf('/', glob);
        String dir = slash <= 0 ? "" : path.substring(0, slash);
        int nextSlash = path.indexOf('/', glob);
        String component = path.substring(slash + 1, nextSlash < 0 ? path.length() : nextSlash);
        String child = component.replace("*", "x").replace("?", "x").replaceAll("\\[[^]]*]", "x");
        EnumSet<PathClass> classes = EnumSet.noneOf(PathClass.class);
        classes.addAll(classifyPlain(dir + "/" + (child.isEmpty() ? "x" : child)));
        if (nextSlash >= 0 && firstGlob(path.substring(nextSlash)) < 0) {
            // A glob in a middle component names files under each match: /proc/*/environ is every process's
            // environment, as /proc/x/environ is one's.
            classes.addAll(classifyPlain(dir + "/" + (child.isEmpty() ? "x" : child) + path.substring(nextSlash)));
        }
        classes.remove(PathClass.OUTSIDE);
        boolean everything = nextSlash < 0 && (component.equals("*") || component.equals(".*"));
        if (everything || component.equals("*")) {
            if (dir.isEmpty()) {
                classes.add(PathClass.ROOT);
                classes.add(PathClass.SYSTEM);
            } else if (dir.equals(home)) {
                classes.add(PathClass.HOME);
            } else if (projectUsable && dir.equals(project)) {
                classes.add(PathClass.PROJECT_ROOT);
            }
        }
        if (classes.isEmpty()) {
            classes.add(PathClass.OUTSIDE);
        }
        return classes;
    }

    private Set<PathClass> classifyPlain(String path) {
        if (projectUsable && (path.equals(project) || path.startsWith(project + "/"))) {
            return classifyInProject(path);
        }
        return classifyOutsideProject(path);
    }

    private Set<PathClass> classifyInProject(String path) {
        EnumSet<PathClass> classes = EnumSet.of(PathClass.PROJECT);
        if (path.equals(project)) {
            classes.add(PathClass.PROJECT_ROOT);
            return classes;
        }
        String rel = path.substring(project.length() + 1);
        addComponentClasses(rel, classes);
        return classes;
    }

    private static void addComponentClasses(String rel, EnumSet<PathClass> classes) {
        int start = 0;
        String previous = "";
        while (start <= rel.length()) {
            int end = rel.indexOf('/', start);
            if (end < 0) {
                end = rel.length();
            }
            String part = rel.substring(start, end);
            if (VCS_DIRS.contains(part)) {
                classes.add(PathClass.VCS);
            }
            if (part.equals("hooks") && previous.equals(".git")) {
                classes.add(PathClass.PERSISTENCE);
            }
            if (BUILD_DIRS.contains(part) || part.endsWith(".egg-info") || namesCache(part)) {
                classes.add(PathClass.BUILD_OUTPUT);
            }
            if (end == rel.length() && PLACES.secretNames().matches(rel)) {
                classes.add(PathClass.SECRET);
            }
            previous = part;
            start = end + 1;
        }
    }

    /**
     * A directory named as a cache by any tool ({@code .pub-cache}, {@code build-cache}, {@code .pytest_cache}, {@code
     * Caches}): what it holds is fetched or built again on demand, so cleaning it is ordinary.
     */
    private static boolean namesCache(String part) {
        // without a regular expression or a lower-cased copy: asked of every part of every path classified
        int from = part.startsWith(".") ? 1 : 0;
        return endsWithIgnoringCase(part, from, "cache") || endsWithIgnoringCase(part, from, "caches");
    }

    /** Whether {@code part} from {@code from} is {@code suffix}, or ends with {@code -suffix} or {@code _suffix}. */
    private static boolean endsWithIgnoringCase(String part, int from, String suffix) {
        int at = part.length() - suffix.length();
        if (at < from || !part.regionMatches(true, at, suffix, 0, suffix.length())) {
            return false;
        }
        return at == from || at - 1 >= from && (part.charAt(at - 1) == '-' || part.charAt(at - 1) == '_');
    }

    /** A file that holds credentials by its name wherever it is ({@code places.yaml}, class secret). */
    static boolean isSecretFileName(String name) {
        return PLACES.secretNames().matchesName(name);
    }

    private Set<PathClass> classifyOutsideProject(String path) {
        if (path.isEmpty()) {
            return EnumSet.of(PathClass.ROOT, PathClass.SYSTEM);
        }
        if (PSEUDO_DEVICES.contains(path)
                || path.startsWith("/dev/fd/")
                || path.startsWith("/dev/tcp/")
                || path.startsWith("/dev/udp/")
                || path.startsWith("/proc/self/fd/")) {
            return EnumSet.noneOf(PathClass.class);
        }
        if (path.startsWith("/dev/shm/")) {
            return EnumSet.of(PathClass.TEMP);
        }
        if (path.startsWith("/dev/")) {
            EnumSet<PathClass> classes = EnumSet.of(PathClass.DEVICE, PathClass.SYSTEM);
            if (startsWithAny(path, PLACES.system(PathClass.SECRET))) {
                classes.add(PathClass.SECRET); // /dev/mem: the machine's memory, keys included
            }
            return classes;
        }
        // A home is a home wherever it is (CI containers often run with HOME=/tmp): only scratch paths that are not
        // the home, nor in it, are temp.
        if (!home.isEmpty() && path.equals(home)) {
            return EnumSet.of(PathClass.HOME);
        }
        if (!home.isEmpty() && under(path, home)) {
            return classifyInHome(path.substring(home.length() + 1));
        }
        if (path.equals("/tmp")
                || path.equals("/var/tmp")
                || under(path, "/tmp")
                || under(path, "/var/tmp")
                || under(path, "/private/tmp")) {
            EnumSet<PathClass> classes = EnumSet.of(PathClass.TEMP);
            if (PLACES.secretNames().matches(path)) {
                classes.add(PathClass.SECRET);
            }
            return classes;
        }
        return classifySystem(path);
    }

    /** The classes places.yaml may name, in the order they are added. */
    private static final List<PathClass> HOME_CLASSES = List.of(
            PathClass.HISTORY,
            PathClass.SHELL_STARTUP,
            PathClass.SECRET,
            PathClass.PERSISTENCE,
            PathClass.BUILD_OUTPUT);

    private static final List<PathClass> SYSTEM_CLASSES =
            List.of(PathClass.PRIVILEGE_CONFIG, PathClass.SECRET, PathClass.PERSISTENCE, PathClass.SHELL_STARTUP);

    private static Set<PathClass> classifyInHome(String rel) {
        EnumSet<PathClass> classes = EnumSet.of(PathClass.HOME_FILE);
        for (PathClass c : HOME_CLASSES) {
            if (startsWithAny(rel, PLACES.home(c))) {
                classes.add(c);
            }
        }
        if (rel.startsWith(".") && classes.size() == 1) {
            classes.add(PathClass.DOTFILE);
        }
        boolean listedOutput = classes.contains(PathClass.BUILD_OUTPUT);
        addComponentClasses(rel, classes);
        // The home is no project: a build directory's name right in it (~/.gradle, Gradle's user home with its
        // gradle.properties; ~/build) is the user's own directory. The caches places.yaml names, and directories named
        // as caches, stay build outputs.
        if (rel.indexOf('/') < 0 && !listedOutput && !namesCache(rel)) {
            classes.remove(PathClass.BUILD_OUTPUT);
        }
        publicPart(rel, classes);
        return classes;
    }

    private static Set<PathClass> classifySystem(String path) {
        int second = path.indexOf('/', 1);
        String top = path.substring(1, second < 0 ? path.length() : second);
        EnumSet<PathClass> classes = EnumSet.noneOf(PathClass.class);
        if (SYSTEM_TOP.contains(top) || ((top.equals("home") || top.equals("Users")) && second < 0)) {
            classes.add(PathClass.SYSTEM);
        }
        for (PathClass c : SYSTEM_CLASSES) {
            if (startsWithAny(path, PLACES.system(c))) {
                classes.add(c);
            }
        }
        if (processEnvironment(path)) {
            classes.add(PathClass.SECRET);
        }
        if (under(path, "/var/log") || path.equals("/var/log")) {
            classes.add(PathClass.LOG);
        }
        if (under(path, "/root")) {
            String rel = path.substring("/root/".length());
            if (startsWithAny(rel, PLACES.home(PathClass.HISTORY))) {
                classes.add(PathClass.HISTORY);
            }
        }
        if (classes.isEmpty()) {
            classes.add(PathClass.OUTSIDE);
        }
        if (PLACES.secretNames().matches(path) && !publicPlace(path, top)) {
            classes.add(PathClass.SECRET); // a web root's .env or wp-config.php, a keytab in /etc
        }
        publicPart(path, classes);
        return classes;
    }

    /** Installed software and public certificate stores: a {@code .pem} or {@code .key} there is a shipped file. */
    private static final Set<String> SOFTWARE_TOP = Set.of(
            "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "snap", "System", "Applications", "proc", "sys");

    private static boolean publicPlace(String path, String top) {
        return SOFTWARE_TOP.contains(top)
                || path.contains("/certs/")
                || path.contains("/ca-certificates/")
                || path.contains("/ca-trust/");
    }

    /**
     * A file in a secret place whose name marks it a template or the public half of a key ({@code
     * ~/.ssh/id_ed25519.pub}, {@code /etc/ssh/ssh_host_rsa_key.pub}: places.yaml's {@code except_suffixes}) holds
     * no secret, whatever the place holds beside it.
     */
    private static void publicPart(String path, Set<PathClass> classes) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (classes.contains(PathClass.SECRET)
                && PLACES.secretNames().exceptSuffixes().stream().anyMatch(name::endsWith)) {
            classes.remove(PathClass.SECRET);
        }
    }

    /**
     * {@code /proc/PID/environ}, {@code /proc/*}{@code /environ}, {@code /proc/PID/mem}: a process's environment and
     * memory hold its secrets.
     */
    private static boolean processEnvironment(String path) {
        if (!path.startsWith("/proc/")) {
            return false;
        }
        String leaf = path.endsWith("/environ") ? "/environ" : path.endsWith("/mem") ? "/mem" : null;
        // "/proc/environ" and "/proc/mem" name no process: the leaf must follow "/proc/" and a process part.
        if (leaf == null || path.length() - leaf.length() < "/proc/".length()) {
            return false;
        }
        String middle = path.substring("/proc/".length(), path.length() - leaf.length());
        return !middle.isEmpty()
                && (middle.indexOf('/') < 0 || middle.startsWith("self/task/") || middle.matches("\\d+/task/[^/]+"));
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        for (String p : prefixes) {
            if (path.startsWith(p)
                    && (path.length() == p.length()
                            || path.charAt(p.length()) == '/'
                            || p.endsWith("_")
                            || p.endsWith("/cron"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean under(String path, String dir) {
        return path.length() > dir.length() && path.startsWith(dir) && path.charAt(dir.length()) == '/';
    }

    private static int firstGlob(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return i;
            }
        }
        return -1;
    }

    private static String trimSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals("/") ? "" : p;
    }
}
