package io.askflow.workers.ollama;

import io.github.ollama4j.exceptions.OllamaException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ollama4j's exceptions as it throws them from {@code Ollama.chat}: wrapped once more by {@code chat} itself. */
class OllamaErrorsTest {

    private static final String HOST = "http://gpu-1:11434";

    @Test
    void shouldNeverRetryAMissingModel() throws InterruptedException {
        OllamaCallException failure = classify(statusError("model \"llama9\" not found, try pulling it first"));

        assertThat(failure.failure()).isEqualTo(OllamaFailure.MODEL_NOT_FOUND);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.detail()).isEqualTo("model \"llama9\" not found, try pulling it first");
    }

    @Test
    void shouldRetryABusyServer() throws InterruptedException {
        assertThat(classify(statusError("")).failure()).isEqualTo(OllamaFailure.BUSY);
        assertThat(classify(statusError("server busy, please try again.  maximum pending requests exceeded"))
                .failure()).isEqualTo(OllamaFailure.BUSY);
    }

    @Test
    void shouldRetryTimeoutsConnectionErrorsAndServerErrors() throws InterruptedException {
        assertThat(classify(ioError(new HttpTimeoutException("request timed out"))).failure())
                .isEqualTo(OllamaFailure.TIMEOUT);
        assertThat(classify(ioError(new ConnectException("Connection refused"))).failure())
                .isEqualTo(OllamaFailure.UNAVAILABLE);
        assertThat(classify(statusError("llama runner process has terminated")).failure())
                .isEqualTo(OllamaFailure.SERVER_ERROR);
        assertThat(OllamaFailure.TIMEOUT.retryable()).isTrue();
        assertThat(OllamaFailure.UNAVAILABLE.retryable()).isTrue();
        assertThat(OllamaFailure.SERVER_ERROR.retryable()).isTrue();
    }

    @Test
    void shouldNeverRetryARefusedRequest() throws InterruptedException {
        assertThat(classify(statusError("Unauthorized")).failure()).isEqualTo(OllamaFailure.REJECTED);
        assertThat(classify(statusError("invalid options: num_predict")).failure()).isEqualTo(OllamaFailure.REJECTED);
        assertThat(OllamaFailure.REJECTED.retryable()).isFalse();
    }

    @Test
    void shouldTurnAnInterruptionIntoInterruptedException() {
        OllamaException interrupted = new OllamaException("Thread was interrupted", new InterruptedException());

        assertThatThrownBy(() -> OllamaErrors.classify(HOST, interrupted)).isInstanceOf(InterruptedException.class);
    }

    private static OllamaCallException classify(OllamaException e) throws InterruptedException {
        return OllamaErrors.classify(HOST, e);
    }

    private static OllamaException statusError(String message) {
        return new OllamaException(message, new OllamaException(message));
    }

    private static OllamaException ioError(Exception cause) {
        return new OllamaException(cause.getMessage(), cause);
    }
}
