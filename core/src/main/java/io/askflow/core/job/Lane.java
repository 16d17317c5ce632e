package io.askflow.core.job;

/**
 * How urgently a job's run is wanted: the workers start a waiting run of an earlier lane before any of a later one.
 * Carried by {@link JobSubmitted} and {@link io.askflow.core.run.RunRequest}; a record written before lanes existed
 * has none, which reads as {@link #INTERACTIVE}.
 */
public enum Lane {
    /** A caller waits for the answer: submits through {@code POST /v1/jobs} and every other door but batches. */
    INTERACTIVE,
    /** A line of a batch: answered when no interactive run waits. */
    BATCH;

    /** {@code lane}, or {@link #INTERACTIVE} when absent. */
    public static Lane orInteractive(Lane lane) {
        return lane == null ? INTERACTIVE : lane;
    }
}
