package io.askflow.api.idempotency;

/** A request with the same tenant and {@code Idempotency-Key} is being processed right now (a 409). */
public class IdempotencyKeyInFlightException extends RuntimeException {

    public IdempotencyKeyInFlightException(String key) {
        super("a request with Idempotency-Key \"" + key + "\" is being processed");
    }
}
