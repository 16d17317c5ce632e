package io.askflow.core.job;

/** Thrown when a job is asked to move from one status to a status that may not follow it. */
public class IllegalJobTransitionException extends IllegalStateException {

    public IllegalJobTransitionException(JobStatus from, JobStatus to) {
        super("a job may not go from " + from + " to " + to);
    }
}
