package io.askflow.workers.chain;

import io.askflow.core.step.StepResult;

import java.util.List;
import java.util.UUID;

/**
 * Where a run's finished steps are kept, so that a run delivered again after a crash resumes after its last
 * finished step instead of calling Ollama again for the steps it has. Best effort: an implementation that
 * cannot reach its store answers "nothing recorded" and records nothing, and the run goes on without.
 *
 * <p>Fencing: two attempts at one run may run side by side (a network-partitioned worker beside the one that took
 * its partition over, or the pipeline's second dispatch beside a slow first). Each attempt calls {@link #begin}
 * first and saves under the fence it got; a store that fences refuses the saves of every attempt older than the
 * newest begun, so a stale attempt cannot overwrite the steps of the one that replaced it.
 */
public interface Checkpoints {

    /** Keeps nothing. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public List<StepResult> load(UUID runId, int steps) {
            return List.of();
        }

        @Override
        public void save(UUID runId, StepResult step) {
        }
    };

    /**
     * The steps of {@code runId} recorded earlier: the unbroken run of steps from the first one, in order.
     *
     * @param steps the number of steps in the chain (no more are looked for)
     */
    List<StepResult> load(UUID runId, int steps);

    /** Records a finished step of {@code runId}, unfenced; called before the next step starts. */
    void save(UUID runId, StepResult step);

    /**
     * Begins an attempt at {@code runId}: its fence, higher than that of every attempt begun before. Without
     * fencing (the default) every attempt gets 0.
     */
    default long begin(UUID runId) {
        return 0;
    }

    /**
     * Records a finished step of the attempt with {@code fence}, unless a newer attempt began since.
     *
     * @return false when the step was refused because this attempt is stale
     */
    default boolean save(UUID runId, long fence, StepResult step) {
        save(runId, step);
        return true;
    }
}
