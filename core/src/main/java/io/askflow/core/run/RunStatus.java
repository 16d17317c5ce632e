package io.askflow.core.run;

/** Where a chain run stands, as its {@code runs} row says. {@link RunLifecycle} holds the allowed transitions. */
public enum RunStatus {
    /** A worker has started it: steps done of total, the current step. */
    RUNNING,
    /** Its last step answered; the run's answer never changes. */
    COMPLETED,
    /** It ended without an answer: a worker's failure, or given up by the pipeline after its deadline. */
    FAILED;

    /** Whether no further transition is allowed. */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
