package io.askflow.api.idempotency;

import java.util.UUID;

/**
 * The creation returned, but its transaction (with the key's row) did not commit: what it did outside PostgreSQL
 * (a job published to Kafka) may stand. The door says so in its own words.
 */
public class FirstAnswerNotCommittedException extends RuntimeException {

    private final UUID id;

    public FirstAnswerNotCommittedException(UUID id, RuntimeException cause) {
        super("created " + id + " but its transaction did not commit", cause);
        this.id = id;
    }

    /** The id of what was created. */
    public UUID id() {
        return id;
    }
}
