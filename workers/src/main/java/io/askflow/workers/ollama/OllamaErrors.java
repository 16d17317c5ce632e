package io.askflow.workers.ollama;

import com.fasterxml.jackson.core.JacksonException;
import io.github.ollama4j.exceptions.OllamaException;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Pattern;

/**
 * Classifies ollama4j's exceptions. ollama4j 1.1.6 does not keep the HTTP status: for 400, 401, 404 and
 * 500 its exception message is Ollama's {@code error} text, for any other status (Ollama's 503 "server
 * busy", a proxy's 502) the message is empty. So the status is recovered from the cause (timeouts,
 * connection errors) and from Ollama's documented error texts.
 */
final class OllamaErrors {

    private static final Pattern MODEL_NOT_FOUND = Pattern.compile("(?i)model\\b.*\\bnot found");
    private static final Pattern BUSY = Pattern.compile("(?i)server busy|maximum pending requests");
    private static final Pattern REJECTED = Pattern.compile(
            "(?i)unauthori[sz]ed|forbidden|invalid|required|cannot unmarshal|does not support|not found|unknown");

    private OllamaErrors() {
    }

    /**
     * The classified failure of one attempt.
     *
     * @throws InterruptedException when the call failed because the thread was interrupted
     */
    static OllamaCallException classify(String host, OllamaException e) throws InterruptedException {
        Throwable cause = e.getCause();
        if (cause instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            InterruptedException interrupted = new InterruptedException("interrupted while calling " + host);
            interrupted.initCause(e);
            throw interrupted;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new OllamaCallException(OllamaFailure.UNAVAILABLE, host, "connect timed out", e);
        }
        if (cause instanceof HttpTimeoutException) {
            return new OllamaCallException(OllamaFailure.TIMEOUT, host, "no answer within the request timeout", e);
        }
        if (cause instanceof JacksonException) {
            return new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "unreadable answer: " + text(cause), e);
        }
        if (cause instanceof IOException) {
            return new OllamaCallException(OllamaFailure.UNAVAILABLE, host, "connection failed: " + text(cause), e);
        }
        if (cause != null && !(cause instanceof OllamaException)) {
            return new OllamaCallException(OllamaFailure.SERVER_ERROR, host, text(cause), e);
        }
        return fromMessage(host, e.getMessage(), e);
    }

    /** Classifies Ollama's own {@code error} text (the status itself is lost by ollama4j). */
    static OllamaCallException fromMessage(String host, String message, Exception e) {
        String text = message == null ? "" : message.strip();
        if (text.isEmpty()) {
            return new OllamaCallException(OllamaFailure.BUSY, host, "HTTP error without a message"
                    + " (a status other than 400, 401, 404 and 500, such as Ollama's 503 server busy)", e);
        }
        if (MODEL_NOT_FOUND.matcher(text).find()) {
            return new OllamaCallException(OllamaFailure.MODEL_NOT_FOUND, host, text, e);
        }
        if (BUSY.matcher(text).find()) {
            return new OllamaCallException(OllamaFailure.BUSY, host, text, e);
        }
        if (REJECTED.matcher(text).find()) {
            return new OllamaCallException(OllamaFailure.REJECTED, host, text, e);
        }
        return new OllamaCallException(OllamaFailure.SERVER_ERROR, host, text, e);
    }

    private static String text(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
