package io.askflow.workers.ollama;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Ollama's answers other than 200, and calls that got no answer, as the client classifies them. */
class OllamaErrorsTest {

    private static final String HOST = "http://gpu-1:11434";

    @Test
    void shouldNeverRetryAMissingModel() {
        OllamaCallException failure = OllamaErrors.fromStatus(HOST, 404,
                "model \"llama9\" not found, try pulling it first");

        assertThat(failure.failure()).isEqualTo(OllamaFailure.MODEL_NOT_FOUND);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.detail()).isEqualTo("model \"llama9\" not found, try pulling it first");
    }

    @Test
    void shouldRetryABusyServer() {
        assertThat(OllamaErrors.fromStatus(HOST, 503, "").failure()).isEqualTo(OllamaFailure.BUSY);
        assertThat(OllamaErrors.fromStatus(HOST, 503, "server busy, please try again.  maximum pending requests"
                + " exceeded").failure()).isEqualTo(OllamaFailure.BUSY);
        assertThat(OllamaErrors.fromStatus(HOST, 429, "").failure()).isEqualTo(OllamaFailure.BUSY);
        assertThat(OllamaErrors.fromStatus(HOST, 502, "Bad Gateway").failure()).isEqualTo(OllamaFailure.BUSY);
    }

    @Test
    void shouldRetryTimeoutsConnectionErrorsAndServerErrors() {
        assertThat(OllamaErrors.fromTransport(HOST, new HttpTimeoutException("request timed out")).failure())
                .isEqualTo(OllamaFailure.TIMEOUT);
        assertThat(OllamaErrors.fromTransport(HOST, new HttpConnectTimeoutException("connect timed out")).failure())
                .isEqualTo(OllamaFailure.UNAVAILABLE);
        assertThat(OllamaErrors.fromTransport(HOST, new ConnectException("Connection refused")).failure())
                .isEqualTo(OllamaFailure.UNAVAILABLE);
        assertThat(OllamaErrors.fromTransport(HOST, new IOException("connection reset")).failure())
                .isEqualTo(OllamaFailure.UNAVAILABLE);
        assertThat(OllamaErrors.fromStatus(HOST, 500, "llama runner process has terminated").failure())
                .isEqualTo(OllamaFailure.SERVER_ERROR);
        assertThat(OllamaErrors.fromStatus(HOST, 500, "").failure()).isEqualTo(OllamaFailure.SERVER_ERROR);
        assertThat(OllamaFailure.TIMEOUT.retryable()).isTrue();
        assertThat(OllamaFailure.UNAVAILABLE.retryable()).isTrue();
        assertThat(OllamaFailure.SERVER_ERROR.retryable()).isTrue();
    }

    @Test
    void shouldNeverRetryARefusedRequest() {
        assertThat(OllamaErrors.fromStatus(HOST, 401, "Unauthorized").failure()).isEqualTo(OllamaFailure.REJECTED);
        assertThat(OllamaErrors.fromStatus(HOST, 400, "invalid options: num_predict").failure())
                .isEqualTo(OllamaFailure.REJECTED);
        assertThat(OllamaErrors.fromStatus(HOST, 400, "").failure()).isEqualTo(OllamaFailure.REJECTED);
        assertThat(OllamaFailure.REJECTED.retryable()).isFalse();
    }
}
