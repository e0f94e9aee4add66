package dev.lighthouse.bridge.http;

/**
 * Why a call was not decided, the same on every channel (a hook or the native API), so metrics and the SLA error
 * rate count a failure alike wherever it came from.
 */
enum Rejection {
    /** Refused before deciding: credentials, permission, a rate or size limit, a body that is not the JSON expected. */
    REFUSED(0, "", "Lighthouse refused this call: "),
    /** The submission does not describe a call the policy can judge. */
    BAD_INPUT(400, "bad_request", "Lighthouse cannot judge this call, so it is denied: "),
    /** The decision's event would break the store's limits. */
    TOO_LARGE_TO_RECORD(400, "too_large_to_record", "Lighthouse cannot record this call, so it is denied: "),
    /** Too many calls were being decided for a whole second. */
    OVERLOADED(503, "overloaded", "Lighthouse is overloaded, so the call is denied: "),
    /** The decision could not be recorded, so it may not be answered. */
    STORE_UNAVAILABLE(
            503,
            "store_unavailable",
            "Lighthouse could not record the decision (audit store unavailable), so the call is denied: "),
    /** A bug. */
    INTERNAL_ERROR(500, "internal_error", "Lighthouse failed internally, so the call is denied: ");

    /** The native API's status, and the error code callers and metrics see ({@link #REFUSED}: the refusal's own). */
    final int status;

    final String code;
    /** How a hook's deny begins; the cause follows. */
    final String denial;

    Rejection(int status, String code, String denial) {
        this.status = status;
        this.code = code;
        this.denial = denial;
    }

    /** A call not decided, and why; the message says what to change. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Rejection why;
        /** For {@link #REFUSED}: the refusal, with its own status and code. */
        final transient Refused refused;

        Rejected(Rejection why, String message) {
            super(message, null, false, false);
            this.why = why;
            this.refused = null;
        }

        Rejected(Refused refused) {
            super(refused.getMessage(), null, false, false);
            this.why = REFUSED;
            this.refused = refused;
        }

        /** The label metrics count it under. */
        String cause() {
            return why == REFUSED ? refused.code : why.code;
        }
    }
}
