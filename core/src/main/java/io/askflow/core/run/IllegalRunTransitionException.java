package io.askflow.core.run;

/** Thrown when a run is asked to move from one status to a status that may not follow it. */
public class IllegalRunTransitionException extends IllegalStateException {

    public IllegalRunTransitionException(RunStatus from, RunStatus to) {
        super("a run may not go from " + from + " to " + to);
    }
}
