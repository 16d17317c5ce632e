package io.askflow.workers.run;

import java.util.UUID;

/** Kafka did not acknowledge a result in time; the record is retried (and its result published again, not recomputed). */
public class ResultNotPublishedException extends RuntimeException {

    public ResultNotPublishedException(UUID runId, String fingerprint, Throwable cause) {
        super("the result of run " + runId + " (fingerprint " + fingerprint + ") was not acknowledged by Kafka: "
                + cause, cause);
    }
}
