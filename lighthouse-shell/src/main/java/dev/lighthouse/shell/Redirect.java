package dev.lighthouse.shell;

/**
 * A redirection of an effective command.
 *
 * @param operator as written: {@code < > >> >| <> <& >& &> &>> <<< << <<-}
 * @param fd the descriptor redirected: as written, else 0 for input operators, 1 for output operators
 * @param target the file (with its resolved {@link Word#path()}), the descriptor for {@code >&N}, or the text of a
 *     here-string or here-document
 */
public record Redirect(String operator, int fd, Word target) {
    /** True if this writes to {@link #target()} as a file ({@code > >> >| &> &>> <>}, not {@code >&2}). */
    public boolean writesFile() {
        return switch (operator) {
            case ">", ">>", ">|", "&>", "&>>", "<>" -> true;
            case ">&" ->
                !target.value().chars().allMatch(Character::isDigit)
                        && !target.value().equals("-");
            default -> false;
        };
    }
}
