package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;

/** An Ollama call that failed for good: not retryable, out of attempts, or out of time. */
public class OllamaActivityException extends Exception {

    private final ErrorCode code;
    private final OllamaFailure failure;
    private final String host;
    private final String detail;
    private final int attempts;
    private final String why;

    public OllamaActivityException(OllamaFailure failure, String host, String detail, int attempts, String why,
                                   Throwable cause) {
        this(failure.code(), failure, host, detail, attempts, why, cause);
    }

    private OllamaActivityException(ErrorCode code, OllamaFailure failure, String host, String detail,
                                    int attempts, String why, Throwable cause) {
        super(code + " after " + attempts + " attempt(s) (" + why + "): " + detail, cause);
        this.code = code;
        this.failure = failure;
        this.host = host;
        this.detail = detail;
        this.attempts = attempts;
        this.why = why;
    }

    /**
     * The last attempt timed out because its timeout was cut to the time left before {@code deadline}: the
     * deadline's error type, not the host's failure.
     */
    public static OllamaActivityException cutAt(Deadline deadline, OllamaCallException timedOut, int attempts) {
        return new OllamaActivityException(deadline.exceeded(), timedOut.failure(),
                timedOut.host(), "no answer before the " + deadline.description(), attempts,
                deadline.description() + " reached", timedOut);
    }

    /** The catalog's entry: the last failure's ({@code OLLAMA_BUSY}, ...) or a deadline's. */
    public ErrorCode code() {
        return code;
    }

    /** The kind of the last failure. */
    public OllamaFailure failure() {
        return failure;
    }

    /** The host of the last attempt, or {@code null} when no slot was free. */
    public String host() {
        return host;
    }

    /** What Ollama or the connection said last. */
    public String detail() {
        return detail;
    }

    /** Attempts made. */
    public int attempts() {
        return attempts;
    }

    /** Why no further attempt was made: "never retried", "out of attempts", "step deadline of PT15M reached". */
    public String why() {
        return why;
    }
}
