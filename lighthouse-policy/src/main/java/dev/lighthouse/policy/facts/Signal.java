package dev.lighthouse.policy.facts;

import java.util.Locale;

/**
 * Named findings about what an effective command does, derived from its structure (program, arguments, pipes,
 * interpreter code), never from the raw text: {@code echo "rm -rf /"} has none.
 */
public enum Signal {
    /** A function that calls itself twice in the background ({@code :(){ :|:& };:}) or equivalent. */
    FORK_BOMB,
    /** shutdown, reboot, halt, poweroff, {@code init 0}, {@code systemctl poweroff}. */
    SHUTDOWN,
    /** Kills every process ({@code kill -9 -1}, {@code killall5}, {@code pkill -9 .}). */
    KILL_ALL,
    /** Grants privileges: setuid bits, setcap, adding to sudo/wheel, uid 0 accounts, visudo. */
    PRIVILEGE_ESCALATION,
    /** A shell wired to a network connection, in any language ({@code bash -i >& /dev/tcp/...}, {@code nc -e}). */
    REVERSE_SHELL,
    /** A network listener that executes a shell ({@code nc -l -e /bin/sh}, {@code socat TCP-LISTEN... EXEC}). */
    BIND_SHELL,
    /** Code fetched from the network runs in an interpreter ({@code curl ... | sh}, {@code bash <(wget ...)}). */
    NETWORK_CODE,
    /** ... and every source of that code is an https URL on a trusted installer domain. */
    TRUSTED_INSTALLER,
    /** A network source or sink is a raw IP address. */
    RAW_IP,
    /** A network source is plain http on a host that is not trusted. */
    PLAIN_HTTP,
    /** Data from a secret file or the environment goes to the network. */
    SECRET_TO_NETWORK,
    /** Turns off a security tool or firewall (setenforce 0, ufw disable, iptables -F, auditd stop). */
    SECURITY_DISABLE,
    /** Clears shell history or logs (history -c, HISTFILE=/dev/null, journalctl --vacuum). */
    HISTORY_WIPE,
    /** A cryptocurrency miner. */
    MINER,
    /** Dumps credentials: password hashes made crackable, passwords taken from memory, keyrings or browsers. */
    CREDENTIAL_DUMP,
    /**
     * Reads stored credentials, or captures what may carry them, without (yet) sending them: keychain and password
     * store queries, shadow entries, password crackers, packet capture.
     */
    CREDENTIAL_ACCESS,
    /** Loads or unloads kernel modules, or boots another kernel. */
    KERNEL_MODULE,
    /** Installs named packages (not a project's own manifest): {@code apt install x}, {@code pip install x}. */
    PACKAGE_INSTALL,
    /** Publishes an artifact: {@code npm publish}, {@code docker push}, {@code cargo publish}, {@code twine upload}. */
    PUBLISH,
    /**
     * Signs in: obtains a credential and stores it for the program's later calls ({@code docker login},
     * {@code gh auth login}, {@code az login}).
     */
    SIGN_IN,
    /** Starts, stops, enables or disables a system service. */
    SERVICE_CONTROL,
    /** Makes files writable by everyone ({@code chmod 777}, {@code o+w}). */
    WORLD_WRITABLE,
    /** Listens on all interfaces ({@code 0.0.0.0}, {@code python -m http.server}, {@code nc -l}). */
    LISTEN_ALL,
    /** A container with extra privileges ({@code --privileged}, {@code --cap-add SYS_ADMIN}, host namespaces). */
    PRIVILEGED_CONTAINER,
    /** A container mounting a host path outside the project ({@code -v /:/host}, the docker socket). */
    HOST_MOUNT,
    /** SQL that drops, truncates or deletes without a WHERE clause, or a database wipe. */
    DESTRUCTIVE_SQL,
    /** Installs a scheduled or start-up job (crontab, at, launchctl load). */
    PERSISTENCE_JOB,
    /** Decoded (base64, hex) content runs as code. */
    DECODED_EXEC,
    /** Code built at run time runs ({@code eval "$X"}, {@code sh -c "$(...)"}) and cannot be seen. */
    DYNAMIC_CODE,
    /**
     * A command hidden in configuration runs (a pager, editor, ssh command, diff or filter driver, alias set by an
     * option or a variable: {@code git -c core.pager=…}, {@code GIT_SSH_COMMAND=…}) and it is not one the registry
     * knows to only read or stay local.
     */
    CONFIG_CODE,
    /** Runs on another host over ssh, or copies files to one (scp, rsync). */
    REMOTE_TRANSFER,
    /** Written content holds a secret: a private key block, a cloud access key, a token. */
    SECRET_IN_CONTENT,
    /** Destroys data or resources through a CLI's verb ({@code docker system prune}, {@code gh repo delete}). */
    DESTROY,
    /** Creates, changes or removes accounts, passwords or groups ({@code passwd}, {@code useradd}, {@code chsh}). */
    ACCOUNT_CHANGE,
    /** Changes the running system's state: mounts, clock, kernel settings, network links, system-wide installs. */
    SYSTEM_CHANGE,
    /**
     * Changes what a managing CLI manages - a cloud, a cluster, a store, a broker, a service or the system - by a
     * subcommand that is not a read ({@code openstack server stop}, {@code nomad job run}, {@code argocd app sync},
     * {@code stripe refunds create}), in a registry family marked {@code changes: true}.
     */
    STATE_CHANGE,
    /**
     * Scans or attacks other hosts: port and vulnerability scanners, directory and password guessers aimed at a
     * network ({@code nmap -sS 10.0.0.0/24}, {@code masscan}, {@code gobuster}): discovery before an attack.
     */
    NETWORK_SCAN,
    /** An option makes the program run code ({@code git -c core.pager=...}, {@code tar --checkpoint-action=exec}). */
    RUNS_CODE,
    /**
     * Runs a Lighthouse command that acts as its owner: {@code lighthouse review|policy|agents|serve}, {@code hook
     * install|uninstall}, {@code events import|export|rotate-key} (the launcher, the jar or the main class).
     */
    LIGHTHOUSE_ADMIN,
    /**
     * Sends a request to the bridge's own address (a listen address, or any loopback name on its port) other than
     * asking for a decision: curl, wget, nc, {@code /dev/tcp}, interpreter code naming the address.
     */
    BRIDGE_REQUEST,
    /** Stops the bridge: kills it by name ({@code pkill -f lighthouse}, {@code killall java}) or by its port. */
    STOP_BRIDGE,
    /** Sets or reads a {@code LIGHTHOUSE_*} variable ({@code export LIGHTHOUSE_URL=…}, {@code echo $LIGHTHOUSE_TOKEN}). */
    LIGHTHOUSE_ENV;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
