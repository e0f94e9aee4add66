package dev.lighthouse.load;

import java.util.Locale;

/** Why a call got no usable answer. Injected network errors are counted apart: they are the client's own doing. */
public enum ErrorKind {
    /** Connection refused or reset, or another I/O failure. */
    TRANSPORT,
    /** No answer within the request timeout. */
    TIMEOUT,
    /** A status outside 2xx: an agent's hook counts that as a failed hook. */
    HTTP_STATUS,
    /** 2xx but a body the agent could not read as a decision. */
    BAD_ANSWER;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
