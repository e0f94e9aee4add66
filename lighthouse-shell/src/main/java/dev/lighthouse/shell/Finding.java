package dev.lighthouse.shell;

/**
 * One thing a heuristic scan of interpreter code found.
 *
 * @param kind what it means
 * @param evidence the matched text, e.g. {@code shutil.rmtree}
 */
public record Finding(FindingKind kind, String evidence) {}
