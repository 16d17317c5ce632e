package io.askflow.workers.ollama;



/**
 * The kinds of failed Ollama calls, each with its stable type (stored in {@code JobError.type}), whether
 * a retry may help, and what an operator or caller can do about it.
 */
public enum OllamaFailure {

    /** 404: the model is not pulled on the host. Never retried: pull the model or ask for another. */
    MODEL_NOT_FOUND("OLLAMA_MODEL_NOT_FOUND", false,
            "pull the model on every Ollama host (ollama pull <model>) or submit the job with another model"),
    /** 503 "server busy": the host's queue is full. Retried with back-off. */
    BUSY("OLLAMA_BUSY", true,
            "the Ollama hosts are overloaded: add hosts, lower askflow.ollama.slots to what the host really serves (OLLAMA_NUM_PARALLEL), or retry later"),
    /** Connection refused or reset: the host is down or unreachable. Retried with back-off. */
    UNAVAILABLE("OLLAMA_UNAVAILABLE", true,
            "check that Ollama runs and that askflow.ollama.url / askflow.ollama.hosts point at it"),
    /** No answer within the request timeout. Retried with back-off. */
    TIMEOUT("OLLAMA_TIMEOUT", true,
            "the model answers too slowly: raise askflow.ollama.request-timeout, lower num_predict or use a smaller"
                    + " model"),
    /** 500 or an unreadable answer: the model runner failed. Retried with back-off. */
    SERVER_ERROR("OLLAMA_SERVER_ERROR", true,
            "look at the Ollama server's log; the model may not fit in memory"),
    /** 400, 401 and other refusals of the request itself. Never retried: the same request fails again. */
    REJECTED("OLLAMA_REJECTED", false,
            "check the job's options and model name, and the Ollama host's authentication");

    private final String type;
    private final boolean retryable;
    private final String advice;

    OllamaFailure(String type, boolean retryable, String advice) {
        this.type = type;
        this.retryable = retryable;
        this.advice = advice;
    }

    /** The stable, machine-readable type, e.g. {@code OLLAMA_MODEL_NOT_FOUND}. */
    public String type() {
        return type;
    }

    /** Whether another attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** What to do about it, for a person. */
    public String advice() {
        return advice;
    }
}
