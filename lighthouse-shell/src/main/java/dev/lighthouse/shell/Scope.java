package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shell state the analysis tracks while walking one line: variables with known values, functions defined so far,
 * positional parameters ({@code bash -c CODE $0 $1...}) and the working directory ({@code cd DIR} moves it).
 *
 * <p>A variable mapped to an empty {@code Optional} is known to be set but has an unknown value. Subshells, pipeline
 * stages and substitutions work on a {@link #child()} copy so that their changes do not leak, as in bash.
 */
final class Scope {
    private final Map<String, Optional<String>> variables;
    private final Map<String, Statement> functions;
    private final List<Optional<String>> positional;
    private final Set<String> numeric;
    private Optional<String> cwd;

    private Scope(
            Map<String, Optional<String>> variables,
            Map<String, Statement> functions,
            List<Optional<String>> positional,
            Set<String> numeric,
            Optional<String> cwd) {
        this.variables = variables;
        this.functions = functions;
        this.positional = positional;
        this.numeric = numeric;
        this.cwd = cwd;
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
        return new Scope(vars, new LinkedHashMap<>(), List.of(), new HashSet<>(), Optional.of(context.cwd()));
    }

    /** The state on another machine or in a container: nothing known but what the caller's env says is global. */
    static Scope remote(ShellContext context) {
        Map<String, Optional<String>> vars = new HashMap<>();
        vars.put("IFS", Optional.of(" \t\n"));
        return new Scope(vars, new LinkedHashMap<>(), List.of(), new HashSet<>(), Optional.empty());
    }

    Scope child() {
        return new Scope(
                new HashMap<>(variables), new LinkedHashMap<>(functions), positional, new HashSet<>(numeric), cwd);
    }

    /** A child for code run by {@code bash -c CODE NAME ARGS...}: positional parameters replaced; empty = unknown. */
    Scope withPositional(List<Optional<String>> args) {
        return new Scope(
                new HashMap<>(variables),
                new LinkedHashMap<>(functions),
                List.copyOf(args),
                new HashSet<>(numeric),
                cwd);
    }

    /** A function call: same variables and functions (bash functions share them), own positional parameters. */
    Scope frame(List<Optional<String>> args) {
        return new Scope(variables, functions, List.copyOf(args), numeric, cwd);
    }

    /** The known value; empty if unset or unknown (the analysis cannot tell those apart for caller variables). */
    Optional<String> value(String name) {
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            int i = Integer.parseInt(name.length() > 6 ? "999999" : name);
            return i < positional.size() ? positional.get(i) : Optional.empty();
        }
        return variables.getOrDefault(name, Optional.empty());
    }

    List<Optional<String>> positional() {
        return positional;
    }

    void set(String name, Optional<String> value) {
        variables.put(name, value);
        numeric.remove(name);
    }

    /** The variable was assigned by arithmetic ({@code i=0}, {@code i++} in {@code (( ))}): an integer, value unknown. */
    void setNumeric(String name) {
        variables.put(name, Optional.empty());
        numeric.add(name);
    }

    /** True if the variable holds an integer whose value the analysis does not track. */
    boolean isNumeric(String name) {
        return numeric.contains(name);
    }

    void unset(String name) {
        variables.remove(name);
        numeric.remove(name);
    }

    void define(String name, Statement body) {
        functions.put(name, body);
    }

    Optional<Statement> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    Map<String, Statement> functions() {
        return functions;
    }

    Optional<String> cwd() {
        return cwd;
    }

    void cd(Optional<String> dir) {
        cwd = dir;
        variables.put("PWD", dir);
    }

    Optional<String> home() {
        return value("HOME");
    }
}
