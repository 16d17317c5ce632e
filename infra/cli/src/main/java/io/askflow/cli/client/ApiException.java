package io.askflow.cli.client;

/**
 * The API answered with an error, or could not be reached: the message is the one line the command prints.
 */
public final class ApiException extends RuntimeException {

    private final int status;

    /**
     * @param status  the HTTP status, or 0 when no answer came
     * @param message what went wrong, in one line
     */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the API could not be reached. */
    public int status() {
        return status;
    }
}
