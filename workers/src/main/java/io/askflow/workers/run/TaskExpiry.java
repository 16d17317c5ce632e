package io.askflow.workers.run;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.error.JobError;
import io.askflow.core.run.RunRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;

/**
 * The age past which a task is not run: a run the pipeline created longer ago than {@code maxAge}
 * ({@code askflow.workers.max-task-age}, from {@link RunRequest#createdAt()}, which every dispatch of the run
 * keeps) waited so long in Kafka, behind a backlog, that its waiters gave up or the pipeline is about to give it up.
 * Running it would spend GPU time on an answer nobody waits for; the worker answers it with a FAILED result
 * ({@link ErrorCode#RUN_EXPIRED}) instead, so the run's waiters end at once, and counts it in
 * {@value #TASKS_EXPIRED}.
 */
public final class TaskExpiry {

    /** Counter: tasks answered {@link ErrorCode#RUN_EXPIRED} instead of run. */
    public static final String TASKS_EXPIRED = "askflow.workers.tasks.expired";

    private final Duration maxAge;
    private final Counter expired;

    /**
     * @param maxAge   the oldest a task may be when a worker takes it
     * @param registry where {@value #TASKS_EXPIRED} is counted
     */
    public TaskExpiry(Duration maxAge, MeterRegistry registry) {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the longest a task may wait must be positive, was " + maxAge);
        }
        this.maxAge = maxAge;
        this.expired = Counter.builder(TASKS_EXPIRED)
                .description("Tasks older than askflow.workers.max-task-age, answered RUN_EXPIRED instead of run")
                .register(registry);
    }

    /** Whether {@code task} is too old to run at {@code now}; a task without a creation time never is. */
    boolean expired(RunRequest task, Instant now) {
        return task.createdAt() != null && Duration.between(task.createdAt(), now).compareTo(maxAge) > 0;
    }

    /** The error that answers {@code task} instead of a run, counted as one expired task. */
    JobError error(RunRequest task, Instant now) {
        expired.increment();
        long waited = Duration.between(task.createdAt(), now).toSeconds();
        return ErrorCode.RUN_EXPIRED.error("the run waited " + waited + " s for a worker, longer than the "
                + maxAge.toSeconds() + " s a run may wait: it was not started; " + ErrorCode.RUN_EXPIRED.advice(),
                0);
    }
}
