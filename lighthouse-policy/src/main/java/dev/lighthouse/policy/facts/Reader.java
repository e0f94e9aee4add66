package dev.lighthouse.policy.facts;

import java.util.Locale;

/**
 * How a program's arguments name what it acts on: the closed set of argument conventions the Java knows how to read.
 * Which program follows which convention is data, the {@code reader:} of its family in the capability registry
 * ({@code programs.yaml}), so that a new program that reads its operands like {@code cat} or deletes them like
 * {@code rm} is a line of data, not code. A new convention is a new constant here and a case in {@code CommandReader}
 * (the switch has no default, so the build says where).
 */
public enum Reader {
    /** Deletes its operands, whole trees with {@code -r}/{@code -R}/{@code --recursive} ({@code rm}). */
    DELETES,
    /** Deletes its operands, never recursively ({@code rmdir}, {@code unlink}). */
    UNLINKS,
    /** Deletes its operands, always whole trees ({@code rimraf}; {@code trash-put} moves them to the trash). */
    DELETES_TREES,
    /** Overwrites and deletes its operands, a device operand is wiped ({@code shred}, {@code srm}). */
    SHREDS,
    /** Starting points, then an expression: {@code -delete}, {@code -exec}, name filters ({@code find}). */
    FINDS,
    /** A pattern, then the places it searches; the files found are handed to the command of {@code -x} ({@code fd}). */
    SEARCHES,
    /** Deletes its sources and writes the last operand ({@code mv}). */
    MOVES,
    /** Reads its sources and writes the last operand; {@code host:path} operands are remote ({@code cp}, {@code rsync}). */
    COPIES,
    /** Creates or writes each operand ({@code touch}, {@code mkdir}, {@code tee}, editors). */
    CREATES,
    /** With {@code -i}/{@code --in-place} writes its file operands, otherwise reads them after the script ({@code sed}). */
    EDITS_IN_PLACE,
    /** {@code if=FILE} is read and {@code of=FILE} written ({@code dd}). */
    BLOCK_COPY,
    /** A mode, then the files whose permissions change; world-writable and set-id modes are signals ({@code chmod}). */
    MODES,
    /** An owner, then the files whose owner changes ({@code chown}, {@code chgrp}). */
    OWNERS,
    /** Attribute flags, then the files whose attributes change ({@code chattr}). */
    ATTRIBUTES,
    /** Reads every operand ({@code cat}, {@code less}, {@code rev}). */
    READS,
    /** A pattern or program first (unless given by {@code -e}/{@code -f}), then the files it reads ({@code grep}). */
    PATTERN_THEN_READS,
    /**
     * Searches the places it names for keys and tokens and prints what it finds ({@code trufflehog filesystem},
     * {@code gitleaks detect --source}, {@code detect-secrets scan}): a search for secrets, whatever its pattern.
     */
    SCANS_FOR_SECRETS,
    /** curl(1): {@code -d @FILE}, {@code -F f=@FILE}, {@code -T FILE} send a file, {@code -o FILE} writes one. */
    CURL_OPTIONS,
    /** wget(1): {@code --post-file FILE} sends a file, {@code -O FILE} writes one. */
    WGET_OPTIONS,
    /** tar(1): creates from its operands into {@code -f}, or extracts into {@code -C}. */
    TAR_ARCHIVE,
    /** Extracts into the directory given by {@code -d} ({@code unzip}). */
    EXTRACTS_INTO,
    /** Formats, partitions or wipes its device operands, or an unknown device ({@code mkfs}, {@code wipefs}). */
    FORMATS,
    /** Signals the processes named; {@code -1} or pid 1 is every process ({@code kill}). */
    SIGNALS_PIDS,
    /** Signals processes by name or user: every process, or a security tool ({@code pkill}, {@code killall}). */
    SIGNALS_NAMES,
    /** Adds an account to groups or gives it uid 0 ({@code usermod -aG sudo}, {@code useradd -o -u 0}). */
    GROUPS,
    /** Connects to or listens on {@code HOST PORT}; {@code -e}/{@code -c} wire a program to it ({@code nc}). */
    NETCAT,
    /** Two socat(1) addresses: {@code TCP:}, {@code EXEC:}, {@code FILE:}, {@code *-LISTEN:}. */
    SOCAT_ADDRESSES,
    /** The first operand is a remote host it logs in to ({@code ssh}, {@code telnet}, {@code mosh}). */
    REMOTE_LOGIN,
    /** Firewall rules: flushing them or an accepting policy disables the firewall ({@code iptables -F}). */
    FIREWALL_RULES,
    /** systemctl(1): starting, stopping, masking units, powering off; stopping a security unit. */
    SYSTEMD_UNITS,
    /** {@code service NAME ACTION}: controls a service; stopping a security service. */
    SERVICE_SCRIPT,
    /** {@code crontab FILE}, {@code crontab -e}: installs a scheduled job, unless it only lists ({@code -l}). */
    SCHEDULES,
    /** {@code NAME=value} operands: history variables emptied ({@code export HISTFILE=/dev/null}). */
    SHELL_VARIABLES,
    /** {@code run}, {@code create}, {@code exec}: privileged containers and host mounts ({@code docker run}). */
    CONTAINER_RUN,
    /** Inline SQL and client commands (arguments and here-documents), read by the SQL lexer ({@code psql -c}). */
    SQL_CLIENT,
    /** {@code -m http.server} without {@code --bind}: serves the directory on every address ({@code python}). */
    PYTHON_HTTP_SERVER,
    /** {@code -S ADDRESS}: the built-in web server on that address ({@code php}). */
    PHP_SERVER,
    /** {@code -p [IP:]PORT}: BusyBox's web server, on every address when no IP is given ({@code httpd}). */
    BUSYBOX_HTTPD,
    /** {@code unload}, {@code bootout}: a job whose label names a security tool or logging daemon ({@code launchctl}). */
    LAUNCHD_JOBS,
    /** What it prints is private data: a database dump, the pasteboard ({@code pg_dump}, {@code pbpaste}). */
    PRINTS_PRIVATE,
    /**
     * What it prints is what passes by: packets off an interface, another process's system calls ({@code tcpdump},
     * {@code strace -p}). When its facts make it credential access, searching that output for passwords is taking them
     * ({@code tcpdump -A port 21 | grep -i pass}: credential dumping).
     */
    CAPTURES,
    /** {@code git rm -r}: the paths it deletes from the work tree. */
    GIT_WORK_TREE;

    /** {@code pattern-then-reads}, as the registry spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
