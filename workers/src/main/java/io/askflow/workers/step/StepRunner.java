package io.askflow.workers.step;

import io.askflow.core.chain.StepType;
import io.askflow.core.step.StepResult;

/**
 * Runs the steps of one {@link StepType}: {@link ChatStepRunner} runs {@code chat} steps. The chain executor
 * holds one runner per type and hands each step of a chain to the runner of its type; what comes around a
 * step (checkpoints, resuming, the chain deadline before it starts, progress, metrics, the outcome) stays
 * the executor's.
 *
 * <p>A runner
 * <ul>
 *   <li>is shared by every runner thread of the worker, so it holds no state of its own run;</li>
 *   <li>stops at the {@linkplain StepContext#deadline() chain deadline} (or its own, earlier one) and then
 *       fails with that deadline's {@link io.askflow.workers.ollama.Deadline#exceeded() error code};</li>
 *   <li>reports a failure it expects (the model said no, out of attempts, out of time) as a
 *       {@link StepFailedException} with its catalog code, and lets only bugs escape as runtime exceptions
 *       (the run then fails with {@code WORKER_ERROR});</li>
 *   <li>answers a {@link StepResult} with the context's index and step name, which checkpoints and resumed
 *       runs rely on.</li>
 * </ul>
 */
public interface StepRunner {

    /** The type of the steps this runner runs. */
    StepType type();

    /**
     * Runs one step.
     *
     * @param context the run, the chain, the step, the outputs of the earlier steps and the chain deadline
     * @return the finished step: its output, tokens, duration and where it ran
     * @throws StepFailedException  when the step failed for good
     * @throws InterruptedException when the worker is stopping; nothing is to be published then
     */
    StepResult run(StepContext context) throws StepFailedException, InterruptedException;
}
