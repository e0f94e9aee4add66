package dev.lighthouse.policy.code;

import java.util.Locale;

/**
 * What a call of interpreter code does, as {@code interpreters.yaml} records it (its {@code does:}); the last few are
 * found by {@link CodeReader} from the shape of the code and are not written on calls.
 */
public enum CodeEffect {
    /** Runs a process: the first argument is a shell command line, or a program (then a list of arguments). */
    RUNS,
    /** Changes the process's user or group id ({@code os.setuid(0)}). */
    SETUID,
    /**
     * Changes a file's mode ({@code os.chmod}, Perl's {@code chmod}); given a literal mode with the setuid or setgid bit
     * ({@code 0o4755}, {@code 04755}, {@code "u+s"}, {@code stat.S_ISUID}) it is found as {@link #SETUID_MODE}.
     */
    CHMODS,
    /** Forks the process. */
    FORK,
    /** Opens a network socket, connecting or listening. */
    SOCKET,
    /** Duplicates a descriptor onto standard input or output ({@code os.dup2}). */
    DUP,
    /** Accepts connections ({@code server.listen(8080)}, {@code s.bind(("", 80))}); the address is recorded. */
    LISTENS,
    /** Deletes the file named by the first argument. */
    DELETES,
    /** Reads the file named by the first argument. */
    READS,
    /** Writes the file named by the first argument. */
    WRITES,
    /** Opens the file named by the first argument, for writing if the second names a writing mode. */
    OPENS,
    /** Sends data over the network. */
    SENDS,
    /** Downloads from the network. */
    FETCHES,
    /** Runs code of the same language given as data ({@code eval}, {@code exec}, {@code Function}). */
    EVALS,
    /** Decodes an encoded payload (base64, hex, compressed). */
    DECODES,
    /** Reads the environment: one variable (named by the argument, index or member), or all of it. */
    ENV,
    /** Stands for the home directory. */
    HOME,
    /** Builds a path from its arguments ({@code os.path.join}, {@code File.expand_path}). */
    PATH,
    /** Formats its first argument ({@code sprintf}): the value is that argument, with run-time parts. */
    FORMAT,
    /**
     * Turns a security tool down or carves holes in it (Microsoft Defender's {@code Set-MpPreference} and
     * {@code Add-MpPreference}: real-time monitoring off, exclusion paths; MITRE ATT&CK T1562.001).
     */
    DISABLES_DEFENCE,
    /**
     * Installs packages from a package index into the interpreter's library ({@code install.packages} in R,
     * {@code Pkg.add} in Julia, {@code pip.main(["install", …])}): the same supply-chain step as {@code pip install}.
     */
    INSTALLS,
    /** Found, not written: a fork inside a loop that never ends, or a loop whose condition forks. */
    FORK_LOOP,
    /** Found, not written: a mode with the setuid or setgid bit given to a {@link #CHMODS} call. */
    SETUID_MODE,
    /** Found, not written: a process whose command is only known at run time. */
    RUNS_DYNAMIC,
    /**
     * Found, not written: code of the same language evaluated from a value only known at run time ({@code iex $data},
     * {@code exec(s.recv(1024))}); beside a socket, that is a shell over the connection.
     */
    EVALS_DYNAMIC;

    /** {@code runs}, {@code setuid}, ... as the data file spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a call entry may name it (the found ones may only appear in examples). */
    public boolean writable() {
        return this != FORK_LOOP && this != RUNS_DYNAMIC && this != EVALS_DYNAMIC;
    }
}
