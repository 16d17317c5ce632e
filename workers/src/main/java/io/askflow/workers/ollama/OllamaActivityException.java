package io.askflow.workers.ollama;

/** An Ollama call that failed for good: not retryable, out of attempts, or out of time. */
public class OllamaActivityException extends Exception {

    private final OllamaFailure failure;
    private final String host;
    private final String detail;
    private final int attempts;
    private final String why;

    public OllamaActivityException(OllamaFailure failure, String host, String detail, int attempts, String why,
                                   Throwable cause) {
        super(failure.type() + " after " + attempts + " attempt(s) (" + why + "): " + detail, cause);
        this.failure = failure;
        this.host = host;
        this.detail = detail;
        this.attempts = attempts;
        this.why = why;
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
