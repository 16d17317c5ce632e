package io.askflow.workers.chain;

import io.askflow.core.step.StepResult;

import java.util.List;
import java.util.UUID;

/**
 * Where a run's finished steps are kept, so that a run delivered again after a crash resumes after its last
 * finished step instead of calling Ollama again for the steps it has. Best effort: an implementation that
 * cannot reach its store answers "nothing recorded" and records nothing, and the run goes on without.
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

    /** Records a finished step of {@code runId}; called before the next step starts. */
    void save(UUID runId, StepResult step);
}
