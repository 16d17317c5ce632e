package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;

/**
 * The kinds of failed Ollama calls, each with its entry in the error catalog ({@link ErrorCode}: the stable type
 * stored with the job, whether a retry may help, and what an operator or caller can do about it).
 */
public enum OllamaFailure {

    /** 404: the model is not pulled on the host. Never retried. */
    MODEL_NOT_FOUND(ErrorCode.OLLAMA_MODEL_NOT_FOUND),
    /** 503 "server busy": the host's queue is full. Retried with back-off. */
    BUSY(ErrorCode.OLLAMA_BUSY),
    /** Connection refused or reset: the host is down or unreachable. Retried with back-off. */
    UNAVAILABLE(ErrorCode.OLLAMA_UNAVAILABLE),
    /** No answer within the request timeout. Retried with back-off. */
    TIMEOUT(ErrorCode.OLLAMA_TIMEOUT),
    /** 500 or an unreadable answer: the model runner failed. Retried with back-off. */
    SERVER_ERROR(ErrorCode.OLLAMA_SERVER_ERROR),
    /** 400, 401 and other refusals of the request itself. Never retried: the same request fails again. */
    REJECTED(ErrorCode.OLLAMA_REJECTED);

    private final ErrorCode code;

    OllamaFailure(ErrorCode code) {
        this.code = code;
    }

    /** The catalog's entry. */
    public ErrorCode code() {
        return code;
    }

    /** The stable, machine-readable type, e.g. {@code OLLAMA_MODEL_NOT_FOUND}. */
    public String type() {
        return code.name();
    }

    /** Whether another attempt may succeed. */
    public boolean retryable() {
        return code.retryable();
    }

    /** What to do about it, for a person. */
    public String advice() {
        return code.advice();
    }
}
