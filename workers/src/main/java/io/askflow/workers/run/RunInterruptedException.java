package io.askflow.workers.run;

import java.util.UUID;

/** The worker was stopped in the middle of a run: nothing is published and the offset stays uncommitted. */
public class RunInterruptedException extends RuntimeException {

    public RunInterruptedException(UUID runId, InterruptedException cause) {
        super("run " + runId + " was interrupted; it will be run again by the next owner of its partition", cause);
    }
}
