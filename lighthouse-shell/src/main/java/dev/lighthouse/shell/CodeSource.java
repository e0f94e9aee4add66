package dev.lighthouse.shell;

/** Where an interpreter gets the code it runs. */
public enum CodeSource {
    /** A command-line argument: {@code bash -c CODE}, {@code python -c CODE}, {@code eval CODE}. */
    ARGUMENT,
    /** Standard input fed by a pipe: {@code curl ... | sh}. */
    PIPE,
    /** A here-string: {@code bash <<< CODE}. */
    HERE_STRING,
    /** A here-document: {@code python <<EOF ... EOF}. */
    HERE_DOC,
    /** A process substitution: {@code bash <(curl ...)}. */
    PROCESS_SUBSTITUTION,
    /** A file: {@code bash script.sh}, {@code source env.sh}, {@code python x.py}; the text is unknown. */
    FILE,
    /** Standard input of the caller (nothing redirected): the code is unknown. */
    STDIN
}
