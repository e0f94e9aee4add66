package dev.lighthouse.cli.config;

/** A configuration problem, with a message that already says where (file:line:column, variable or flag) and what. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
