package io.askflow.core.run;

import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.error.JobError;
import io.askflow.core.tenant.Tenants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of one chain run, on topic {@code askflow.task-results} keyed by fingerprint.
 * Exactly one of {@link #answer()} and {@link #error()} is set.
 *
 * @param runId       the run
 * @param fingerprint the run's fingerprint
 * @param answer      the final answer, on success
 * @param error       the reason, on failure
 * @param steps       the steps that finished, in order
 * @param tokens      token totals over all steps
 * @param worker      the worker that ran it
 * @param startedAt   when the worker started the run
 * @param finishedAt  when it ended
 * @param tenant      the run's tenant, copied from its {@link RunRequest} ({@code null}, as in records written before
 *                    tenants existed, reads as {@code default}): whose usage the run's tokens and GPU time count to
 */
public record RunResult(UUID runId, String fingerprint, String answer, JobError error, List<StepResult> steps,
                         TokenUsage tokens, String worker, Instant startedAt, Instant finishedAt, String tenant) {

    /** The worker name of a result the pipeline publishes for a run it gave up ({@link #givenUp}). */
    public static final String PIPELINE = "askflow-pipeline";

    public RunResult {
        if ((answer == null) == (error == null)) {
            throw new IllegalArgumentException("a task result has either an answer or an error");
        }
        steps = steps == null ? List.of() : List.copyOf(steps);
        tokens = tokens == null ? TokenUsage.NONE : tokens;
        tenant = tenant == null ? Tenants.DEFAULT : tenant;
    }

    /** The result of a run of the default tenant. */
    public RunResult(UUID runId, String fingerprint, String answer, JobError error, List<StepResult> steps,
                     TokenUsage tokens, String worker, Instant startedAt, Instant finishedAt) {
        this(runId, fingerprint, answer, error, steps, tokens, worker, startedAt, finishedAt, Tenants.DEFAULT);
    }

    /**
     * The end of a run that the pipeline gave up after its last dispatch went without result: FAILED, published so
     * that the run's row is closed like any other (the first end wins; a late worker result changes nothing).
     */
    public static RunResult givenUp(UUID runId, String fingerprint, JobError error, Instant startedAt, Instant at,
                                    String tenant) {
        return new RunResult(runId, fingerprint, null, error, List.of(), TokenUsage.NONE, PIPELINE, startedAt, at,
                tenant);
    }

    /** {@link #givenUp(UUID, String, JobError, Instant, Instant, String)} for a run of the default tenant. */
    public static RunResult givenUp(UUID runId, String fingerprint, JobError error, Instant startedAt, Instant at) {
        return givenUp(runId, fingerprint, error, startedAt, at, Tenants.DEFAULT);
    }

    /** Whether the pipeline published this result for a run it gave up. */
    public boolean isGivenUp() {
        return PIPELINE.equals(worker);
    }

    public boolean succeeded() {
        return error == null;
    }
}
