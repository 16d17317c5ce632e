package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunProgress;

/**
 * Told of a job's events and of its run's progress as the follower reads them. Called on the follower's one thread:
 * an implementation must return at once (hand slow work, such as a read of PostgreSQL or a write to a client, to
 * another thread) and may be told an event twice.
 */
public interface JobListener {

    /** A status change of the job. */
    void onJobEvent(JobEvent event);

    /** Progress of the run the listener follows ({@link JobEventHub.Subscription#followRun}). */
    default void onProgress(RunProgress progress) {
    }
}
