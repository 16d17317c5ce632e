package io.askflow.api.idempotency;

/** The {@code Idempotency-Key} was first used with another request body (a 422); nothing was done. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key \"" + key + "\" was used with another request body");
    }
}
