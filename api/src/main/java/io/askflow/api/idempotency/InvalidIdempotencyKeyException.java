package io.askflow.api.idempotency;

/** The {@code Idempotency-Key} header is not a key this API takes (a 400 naming the header). */
public class InvalidIdempotencyKeyException extends RuntimeException {

    public InvalidIdempotencyKeyException(String message) {
        super(message);
    }
}
