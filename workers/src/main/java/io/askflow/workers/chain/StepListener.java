package io.askflow.workers.chain;

import io.askflow.core.step.StepResult;

/** Told about every finished step of a run, e.g. to publish progress. */
@FunctionalInterface
public interface StepListener {

    /** Does nothing. */
    StepListener NONE = (step, stepsTotal, nextStep) -> {
    };

    /**
     * @param step       the step that just finished
     * @param stepsTotal steps in the chain
     * @param nextStep   the name of the step that starts now, or {@code null} after the last one
     */
    void stepFinished(StepResult step, int stepsTotal, String nextStep);
}
