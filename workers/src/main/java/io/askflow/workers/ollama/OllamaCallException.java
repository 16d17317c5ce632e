package io.askflow.workers.ollama;

/** One failed attempt of an Ollama call, classified. */
public class OllamaCallException extends Exception {

    private final OllamaFailure failure;
    private final String host;
    private final String detail;

    public OllamaCallException(OllamaFailure failure, String host, String detail, Throwable cause) {
        super(failure.type() + " from " + host + ": " + detail, cause);
        this.failure = failure;
        this.host = host;
        this.detail = detail;
    }

    /** What kind of failure. */
    public OllamaFailure failure() {
        return failure;
    }

    /** Whether another attempt may succeed. */
    public boolean retryable() {
        return failure.retryable();
    }

    /** The host that failed. */
    public String host() {
        return host;
    }

    /** What Ollama or the connection said. */
    public String detail() {
        return detail;
    }
}
