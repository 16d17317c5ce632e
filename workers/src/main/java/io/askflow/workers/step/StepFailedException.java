package io.askflow.workers.step;

import io.askflow.core.error.ErrorCode;

import java.util.Objects;

/**
 * A step that failed for good, as data for the run's {@code JobError}: the catalog's code, the attempts made,
 * where the last one ran, why no further attempt was made and what was said last. The chain executor turns it
 * into the run's failure message ("chain research step 2 of 3 "draft" (agent writer, model llama3.2) on
 * http://gpu-1:11434 failed after 3 attempt(s) (out of attempts): server busy. What to do: ...").
 */
public class StepFailedException extends Exception {

    private final ErrorCode code;
    private final int attempts;
    private final String host;
    private final String why;
    private final String detail;

    /**
     * @param code     the catalog's entry, e.g. {@link ErrorCode#OLLAMA_BUSY} or a deadline's
     * @param attempts attempts made (0 when none could start)
     * @param host     where the last attempt ran, or {@code null}
     * @param why      why no further attempt was made: "never retried", "out of attempts", "step deadline of
     *                 PT15M reached"
     * @param detail   what the other side or the connection said last
     * @param cause    the failure as the runner saw it, or {@code null}
     */
    public StepFailedException(ErrorCode code, int attempts, String host, String why, String detail,
                               Throwable cause) {
        super(code + " after " + attempts + " attempt(s) (" + why + "): " + detail, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.attempts = attempts;
        this.host = host;
        this.why = why;
        this.detail = detail;
    }

    /** The catalog's entry. */
    public ErrorCode code() {
        return code;
    }

    /** Attempts made. */
    public int attempts() {
        return attempts;
    }

    /** Where the last attempt ran, or {@code null}. */
    public String host() {
        return host;
    }

    /** Why no further attempt was made. */
    public String why() {
        return why;
    }

    /** What the other side or the connection said last. */
    public String detail() {
        return detail;
    }
}
