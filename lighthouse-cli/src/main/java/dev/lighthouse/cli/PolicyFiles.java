package dev.lighthouse.cli;

import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.yaml.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The file-system edge of the policy commands: loading layered policies and finding a call's project root. */
final class PolicyFiles {
    private PolicyFiles() {}

    /** The flag's files if given, else {@code policy.files}; each layered on the built-in default. */
    static Policy load(List<Path> flagged, Settings settings) {
        List<Path> files = flagged == null || flagged.isEmpty() ? settings.get(ConfigKeys.POLICY_FILES) : flagged;
        return loadFiles(files);
    }

    /** {@code default} alone, or the default with the files layered on it. */
    static Policy loadFiles(List<Path> files) {
        try {
            return files.isEmpty() ? Policies.defaultPolicy() : Policies.load(files);
        } catch (PolicyException e) {
            throw new UserException("the policy has problems:" + System.lineSeparator() + e.getMessage());
        }
    }

    /** The git root above {@code cwd} (the nearest directory holding {@code .git}), else {@code cwd} itself. */
    static Path projectRoot(Path cwd) {
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        return cwd;
    }

    static Path home() {
        return ConfigKeys.home();
    }
}
