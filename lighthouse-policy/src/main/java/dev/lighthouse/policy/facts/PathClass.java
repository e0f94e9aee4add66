package dev.lighthouse.policy.facts;

import java.util.Locale;

/**
 * What kind of place a path is, judged lexically (no file system access). A path can be in several classes:
 * {@code ~/.ssh/authorized_keys} is {@link #SECRET} and {@link #PERSISTENCE}.
 */
public enum PathClass {
    /** The file system root {@code /}, or all of it ({@code /*}). */
    ROOT,
    /** Operating-system locations: {@code /etc /usr /bin /sbin /lib* /boot /var /opt /root /proc /sys}, ... */
    SYSTEM,
    /** Files that grant privileges or hold accounts: sudoers, {@code /etc/passwd}, {@code /etc/shadow}, PAM. */
    PRIVILEGE_CONFIG,
    /** Block and memory devices ({@code /dev/sda}, {@code /dev/nvme0n1}, {@code /dev/mem}), not {@code /dev/null}. */
    DEVICE,
    /** The home directory itself, or all of it ({@code ~/*}). */
    HOME,
    /** Anything else under home, outside the project. */
    HOME_FILE,
    /** Credentials and keys: {@code ~/.ssh ~/.aws ~/.gnupg ~/.kube ~/.docker/config.json ~/.netrc}, {@code .env}. */
    SECRET,
    /** Files a shell reads at start-up: {@code ~/.bashrc ~/.profile ~/.zshrc /etc/profile.d}, ... */
    SHELL_STARTUP,
    /** Other configuration under home: {@code ~/.gitconfig}, {@code ~/.config/...}. */
    DOTFILE,
    /** Places that make code run again later: authorized_keys, cron, systemd units, git hooks, autostart. */
    PERSISTENCE,
    /** Shell and tool history files. */
    HISTORY,
    /** System logs under {@code /var/log}. */
    LOG,
    /** Inside the project (the project root included). */
    PROJECT,
    /** The project root itself, or all of it ({@code ./*}). */
    PROJECT_ROOT,
    /** Version-control internals: {@code .git/}, {@code .hg/}, {@code .svn/}. */
    VCS,
    /** Build output and caches: {@code target/ build/ dist/ node_modules/ __pycache__/ .venv/}, ... */
    BUILD_OUTPUT,
    /** Scratch space: under {@code /tmp}, {@code /var/tmp}, {@code /dev/shm}. */
    TEMP,
    /** An absolute path outside all of the above (another user's home, {@code /srv}, {@code /mnt}). */
    OUTSIDE,
    /**
     * Lighthouse's own data: the bridge's data dir and everything in it (event store, keys, tokens, the hook client),
     * and files only Lighthouse writes wherever they are ({@code owner.token}, {@code events.keys}).
     */
    LIGHTHOUSE_DATA,
    /** A Lighthouse configuration file ({@code lighthouse.yaml}): it chooses policies, reviewers and endpoints. */
    LIGHTHOUSE_CONFIG,
    /**
     * The settings through which an agent calls its hooks: {@code .claude/settings*.json}, {@code .codex/hooks.json},
     * {@code .codex/config.toml}, {@code .gemini/settings.json}, in a project or under home.
     */
    AGENT_HOOKS,
    /** Under a path the policy's {@code settings.protected_paths} names. */
    PROTECTED,
    /** The path depends on something unknown at analysis time ({@code $X}, {@code $(...)}). */
    DYNAMIC;

    /** The lower-case name policy files use: {@code home_file}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
