package io.askflow.core.run;

import io.askflow.core.tenant.Tenants;

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
 * @param tenant      the run's tenant, copied from its {@link RunRequest} ({@code null}, as in records written before
 *                    tenants existed, reads as {@code default}): the runs sink stores it with the run
 */
public record RunProgress(UUID runId, String fingerprint, int stepsDone, int stepsTotal, String currentStep,
                           String worker, Instant at, String tenant) {

    public RunProgress {
        tenant = tenant == null ? Tenants.DEFAULT : tenant;
    }

    /** Progress of a run of the default tenant. */
    public RunProgress(UUID runId, String fingerprint, int stepsDone, int stepsTotal, String currentStep,
                       String worker, Instant at) {
        this(runId, fingerprint, stepsDone, stepsTotal, currentStep, worker, at, Tenants.DEFAULT);
    }
}
