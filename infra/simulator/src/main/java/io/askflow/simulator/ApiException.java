package io.askflow.simulator;

/** An answer in Ollama's error shape, {@code {"error": message}}, with its HTTP status. */
final class ApiException extends RuntimeException {

    static final String BUSY_MESSAGE = "server busy, please try again.  maximum pending requests exceeded";

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException modelNotFound(String model) {
        return new ApiException(404, "model \"" + model + "\" not found, try pulling it first");
    }

    static ApiException busy() {
        return new ApiException(503, BUSY_MESSAGE);
    }

    static ApiException simulatedFailure() {
        return new ApiException(500, "simulated failure");
    }

    int status() {
        return status;
    }
}
