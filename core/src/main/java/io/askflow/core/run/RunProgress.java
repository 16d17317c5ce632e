package io.askflow.core.run;

import java.time.Instant;
import java.util.UUID;

/**
 * A run's progress, on topic {@code askflow.task-progress} keyed by fingerprint: published when a
 * worker starts a run and after each step, so pollers see RUNNING and "step 2 of 3".
 *
 * @param runId       the run
 * @param fingerprint the run's fingerprint
 * @param stepsDone   finished steps
 * @param stepsTotal  steps in the chain
 * @param currentStep the name of the step now running, or {@code null}
 * @param worker      the worker running it
 * @param at          when
 */
public record RunProgress(UUID runId, String fingerprint, int stepsDone, int stepsTotal, String currentStep,
                           String worker, Instant at) {
}
