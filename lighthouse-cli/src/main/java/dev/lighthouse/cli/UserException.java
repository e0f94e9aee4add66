package dev.lighthouse.cli;

/** A failure the user can act on: printed as one line without a stack trace, exit code 1. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
