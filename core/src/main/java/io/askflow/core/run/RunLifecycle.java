package io.askflow.core.run;

/**
 * The allowed status transitions of a chain run, in one place.
 *
 * <pre>
 * (none) -> RUNNING -> COMPLETED | FAILED
 * (none) -> COMPLETED | FAILED          (a result or the pipeline's give-up before any progress was stored)
 * </pre>
 * A terminal status never changes: the first end wins, so a late result of an earlier dispatch, a redelivered
 * result or a result after the pipeline gave the run up changes nothing. RUNNING after RUNNING is progress
 * (steps done never go backwards; the sink checks that).
 */
public final class RunLifecycle {

    private RunLifecycle() {
    }

    /** Whether a run in {@code from} may move to {@code to}. */
    public static boolean isAllowed(RunStatus from, RunStatus to) {
        return !from.isTerminal();
    }

    /** Checks a transition, throwing {@link IllegalRunTransitionException} when it is not allowed. */
    public static RunStatus transition(RunStatus from, RunStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalRunTransitionException(from, to);
        }
        return to;
    }
}
