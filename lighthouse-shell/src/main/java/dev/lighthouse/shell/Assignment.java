package dev.lighthouse.shell;

/**
 * A variable set for a command ({@code FOO=1 cmd}, {@code env FOO=1 cmd}, {@code sudo FOO=1 cmd}).
 *
 * @param name the variable
 * @param value its expanded value
 */
public record Assignment(String name, Word value) {}
