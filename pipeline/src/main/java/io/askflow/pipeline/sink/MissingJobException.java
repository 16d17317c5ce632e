package io.askflow.pipeline.sink;

import java.util.UUID;

/** A job event arrived before its job's row: retried with back-off until the row is there. */
public class MissingJobException extends RuntimeException {

    public MissingJobException(UUID jobId) {
        super("job " + jobId + " has no row yet");
    }
}
