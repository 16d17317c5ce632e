package io.askflow.core.job;

/** Where a job stands. {@link JobLifecycle} holds the allowed transitions. */
public enum JobStatus {
    /** Accepted and waiting for its answer: in Kafka, waiting for a worker or for a coalesced run. */
    QUEUED,
    /** A worker is running the chain that will answer it. */
    RUNNING,
    /** Answered; the answer never changes afterwards. */
    COMPLETED,
    /** Ended without an answer; the error says why. */
    FAILED;

    /** Whether no further transition is allowed. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
