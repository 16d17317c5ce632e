package io.askflow.core.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed status transitions of a job, in one place.
 *
 * <pre>
 * QUEUED -> RUNNING -> COMPLETED | FAILED  (RUNNING: a worker reported it started the job's run)
 * QUEUED -> COMPLETED | FAILED            (cache hits, and runs that end before their start is seen)
 * </pre>
 * The pipeline emits each status as a {@link JobEvent}; the job store applies a change only where this class
 * allows it.
 * A terminal status never changes. Moving to the status a job already has is allowed, so that
 * every consumer tolerates redelivery.
 */
public final class JobLifecycle {

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            JobStatus.QUEUED, EnumSet.of(JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED),
            JobStatus.RUNNING, EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED),
            JobStatus.COMPLETED, EnumSet.noneOf(JobStatus.class),
            JobStatus.FAILED, EnumSet.noneOf(JobStatus.class));

    private JobLifecycle() {
    }

    /** Whether a job in {@code from} may move to {@code to} (a repeat of the same status is allowed). */
    public static boolean isAllowed(JobStatus from, JobStatus to) {
        return from == to || NEXT.get(from).contains(to);
    }

    /** Checks a transition, throwing {@link IllegalJobTransitionException} when it is not allowed. */
    public static JobStatus transition(JobStatus from, JobStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalJobTransitionException(from, to);
        }
        return to;
    }
}
