package dev.lighthouse.policy.rules;

import java.util.Collection;

/** Suggests the closest known word for a misspelt one, in a policy's quoting: {@code " (did you mean \"deny\"?)"}. */
final class DidYouMean {
    private DidYouMean() {}

    static String suggest(String given, Collection<String> known) {
        return dev.lighthouse.policy.yaml.DidYouMean.suggest(given, known, '"');
    }
}
