package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shell state the analysis tracks while walking one line: variables with known values, functions defined so far,
 * programs copied or linked under another name ({@code cp /usr/bin/nc /tmp/.x}), positional parameters
 * ({@code bash -c CODE $0 $1...}) and the working directory ({@code cd DIR} moves it).
 *
 * <p>A variable mapped to an empty {@code Optional} is known to be set but has an unknown value. Subshells, pipeline
 * stages and substitutions work on a {@link #child()} copy so that their changes do not leak, as in bash.
 */
final class Scope {
    private final Vars vars;
    private final List<Optional<String>> positional;
    private Optional<String> cwd;

    private Scope(Vars vars, List<Optional<String>> positional, Optional<String> cwd) {
        this.vars = vars;
        this.positional = positional;
        this.cwd = cwd;
    }

    /**
     * Variables, functions and integer names, copied on the first write after a {@link #child()} shares them: an
     * 8,000-stage pipeline makes 8,000 children, and most never assign anything.
     */
    private static final class Vars {
        private Map<String, Optional<String>> variables;
        private Map<String, Statement> functions;
        private Map<String, String> copies;
        private Set<String> numeric;
        /** Whether another {@code Vars} holds these same maps, so that writing needs a copy first. */
        private boolean shared;
        /** Counts the writes, for results that hold only while nothing changed ({@link Scope#version()}). */
        private int version;

        Vars(
                Map<String, Optional<String>> variables,
                Map<String, Statement> functions,
                Map<String, String> copies,
                Set<String> numeric) {
            this.variables = variables;
            this.functions = functions;
            this.copies = copies;
            this.numeric = numeric;
        }

        Vars share() {
            shared = true;
            Vars copy = new Vars(variables, functions, copies, numeric);
            copy.shared = true;
            return copy;
        }

        /** Makes the maps this instance's own before a write. */
        Vars writable() {
            if (shared) {
                variables = new HashMap<>(variables);
                functions = new LinkedHashMap<>(functions);
                copies = new HashMap<>(copies);
                numeric = new HashSet<>(numeric);
                shared = false;
            }
            version++;
            return this;
        }
    }

    /** A valid shell variable name: a letter or underscore, then letters, digits, underscores. */
    static boolean isVariableName(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    static Scope initial(ShellContext context) {
        Map<String, Optional<String>> vars = new HashMap<>();
        context.env().forEach((k, v) -> vars.put(k, Optional.of(v)));
        vars.putIfAbsent("HOME", Optional.of(context.home()));
        vars.putIfAbsent("PWD", Optional.of(context.cwd()));
        vars.putIfAbsent("IFS", Optional.of(" \t\n"));
        return new Scope(
                new Vars(vars, new LinkedHashMap<>(), new HashMap<>(), new HashSet<>()),
                List.of(),
                Optional.of(context.cwd()));
    }

    /** The state on another machine or in a container: nothing known but what the caller's env says is global. */
    static Scope remote(ShellContext context) {
        Map<String, Optional<String>> vars = new HashMap<>();
        vars.put("IFS", Optional.of(" \t\n"));
        return new Scope(
                new Vars(vars, new LinkedHashMap<>(), new HashMap<>(), new HashSet<>()), List.of(), Optional.empty());
    }

    Scope child() {
        return new Scope(vars.share(), positional, cwd);
    }

    /** A child for code run by {@code bash -c CODE NAME ARGS...}: positional parameters replaced; empty = unknown. */
    Scope withPositional(List<Optional<String>> args) {
        return new Scope(vars.share(), List.copyOf(args), cwd);
    }

    /** A function call: same variables and functions (bash functions share them), own positional parameters. */
    Scope frame(List<Optional<String>> args) {
        return new Scope(vars, List.copyOf(args), cwd);
    }

    /** The known value; empty if unset or unknown (the analysis cannot tell those apart for caller variables). */
    Optional<String> value(String name) {
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            int i = Integer.parseInt(name.length() > 6 ? "999999" : name);
            return i < positional.size() ? positional.get(i) : Optional.empty();
        }
        return vars.variables.getOrDefault(name, Optional.empty());
    }

    List<Optional<String>> positional() {
        return positional;
    }

    void set(String name, Optional<String> value) {
        Vars v = vars.writable();
        v.variables.put(name, value);
        v.numeric.remove(name);
    }

    /** The variable was assigned by arithmetic ({@code i=0}, {@code i++} in {@code (( ))}): an integer, value unknown. */
    void setNumeric(String name) {
        Vars v = vars.writable();
        v.variables.put(name, Optional.empty());
        v.numeric.add(name);
    }

    /** True if the variable holds an integer whose value the analysis does not track. */
    boolean isNumeric(String name) {
        return vars.numeric.contains(name);
    }

    void unset(String name) {
        Vars v = vars.writable();
        v.variables.remove(name);
        v.numeric.remove(name);
    }

    void define(String name, Statement body) {
        vars.writable().functions.put(name, body);
    }

    Optional<Statement> function(String name) {
        return Optional.ofNullable(vars.functions.get(name));
    }

    /** {@code to} now holds a copy of, or a link to, the program at {@code from} (both absolute paths). */
    void copied(String to, String from) {
        vars.writable().copies.put(to, vars.copies.getOrDefault(from, from));
    }

    /** Whether the line has copied or linked a program so far. */
    boolean copiedAny() {
        return !vars.copies.isEmpty();
    }

    /** The program whose copy or link is at {@code path} (absolute), if the line made one there. */
    Optional<String> copyOf(String path) {
        return Optional.ofNullable(vars.copies.get(path));
    }

    /** The functions defined so far, by name (read only). */
    Map<String, Statement> functions() {
        return Collections.unmodifiableMap(vars.functions);
    }

    /**
     * Changes with every write to the variables this scope sees (its own, or a function frame's that shares them): a
     * result computed from them holds while the version is the same.
     */
    int version() {
        return vars.version;
    }

    Optional<String> cwd() {
        return cwd;
    }

    void cd(Optional<String> dir) {
        cwd = dir;
        vars.writable().variables.put("PWD", dir);
    }

    Optional<String> home() {
        return value("HOME");
    }
}
