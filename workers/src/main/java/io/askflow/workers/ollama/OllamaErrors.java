package io.askflow.workers.ollama;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Pattern;

/**
 * Classifies the failures of an Ollama call: from the HTTP status and Ollama's {@code error} text, or from the
 * transport's exception (timeouts, connection errors).
 */
final class OllamaErrors {

    private static final Pattern MODEL_NOT_FOUND = Pattern.compile("(?i)model\\b.*\\bnot found");
    private static final Pattern BUSY = Pattern.compile("(?i)server busy|maximum pending requests");
    private static final Pattern REJECTED = Pattern.compile(
            "(?i)unauthori[sz]ed|forbidden|invalid|required|cannot unmarshal|does not support|not found|unknown");

    private OllamaErrors() {
    }

    /**
     * The classified failure of an answer other than 200: 429 and 503 (Ollama's "server busy") and the gateway
     * statuses 502 and 504 are a busy host, retried; any other status is classified by Ollama's error text, or by
     * its class when there is none (4xx refused, 5xx a server error).
     */
    static OllamaCallException fromStatus(String host, int status, String errorText) {
        String text = errorText == null ? "" : errorText.strip();
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return new OllamaCallException(OllamaFailure.BUSY, host, "HTTP " + status
                    + (text.isEmpty() ? "" : ": " + text), null);
        }
        if (text.isEmpty()) {
            return new OllamaCallException(status >= 400 && status < 500 ? OllamaFailure.REJECTED
                    : OllamaFailure.SERVER_ERROR, host, "HTTP " + status + " without a message", null);
        }
        return fromMessage(host, text, null);
    }

    /** The classified failure of a call that got no answer: the transport's exception. */
    static OllamaCallException fromTransport(String host, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new OllamaCallException(OllamaFailure.UNAVAILABLE, host, "connect timed out", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new OllamaCallException(OllamaFailure.TIMEOUT, host, "no answer within the request timeout", cause);
        }
        if (cause instanceof IOException) {
            return new OllamaCallException(OllamaFailure.UNAVAILABLE, host, "connection failed: " + text(cause), cause);
        }
        return new OllamaCallException(OllamaFailure.SERVER_ERROR, host, "the client failed: " + text(cause), cause);
    }

    /** Classifies Ollama's own {@code error} text. */
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
