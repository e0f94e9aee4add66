package dev.lighthouse.policy.code;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What interpreters' calls do, per language, as data ({@code interpreters.yaml}, read by
 * {@link InterpretersParser}): the knowledge {@link CodeReader} reads code against.
 *
 * <p>Immutable and thread-safe. {@link #read} is linear in the code, which is read up to {@link CodeLexer#MAX_CHARS}.
 */
public final class CodeKnowledge {
    private final Map<String, Language> byName = new LinkedHashMap<>();
    private final Map<String, Language> byProgram = new HashMap<>();
    private final Map<String, Map<String, CodeCall>> calls = new HashMap<>();

    private CodeKnowledge(List<Language> languages) {
        for (Language l : languages) {
            byName.put(l.name(), l);
            calls.put(l.name(), l.byName());
            for (String p : l.programs()) {
                byProgram.put(p, l);
            }
        }
    }

    /** Knowledge of these languages (a later language of the same name replaces an earlier one). */
    public static CodeKnowledge of(List<Language> languages) {
        return new CodeKnowledge(languages);
    }

    public List<Language> languages() {
        return List.copyOf(byName.values());
    }

    /** The language the shell analysis names ({@code python}, {@code node}, ...), or the one a program runs. */
    public Optional<Language> language(String nameOrProgram) {
        Language l = byName.get(nameOrProgram);
        return l != null ? Optional.of(l) : Optional.ofNullable(byProgram.get(nameOrProgram));
    }

    /** What {@code code} does in {@code language}. */
    public CodeFacts read(Language language, String code) {
        Map<String, CodeCall> index = calls.get(language.name());
        Map<String, CodeCall> known = index != null ? index : language.byName();
        return switch (language.grammar()) {
            case CALLS -> CodeReader.read(language, known, code);
            case WORDS -> TclReader.read(language, known, code);
            case LINES -> DebuggerReader.read(this, language, known, code);
        };
    }
}
