package io.askflow.workers.step;

import io.askflow.core.chain.AgentDefinition;
import io.askflow.core.chain.ChainDefinition;
import io.askflow.core.chain.StepDefinition;
import io.askflow.core.run.RunRequest;
import io.askflow.workers.ollama.Deadline;

import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link StepRunner} gets to run one step.
 *
 * @param run      the run request: run id, fingerprint and the job's request (question, model, options)
 * @param chain    the chain the step belongs to
 * @param index    the step's 0-based position in the chain
 * @param step     the step's definition
 * @param model    the model the chain gives this step: its agent's, else the job's, else the chain's, else the
 *                 worker's default (see {@link ChainDefinition#modelFor}); a step type that calls no model
 *                 ignores it
 * @param outputs  the outputs of the earlier steps of the run, by step name (resumed steps included)
 * @param deadline the chain deadline: no work of the step may go on past it
 */
public record StepContext(RunRequest run, ChainDefinition chain, int index, StepDefinition step, String model,
                          Map<String, String> outputs, Deadline deadline) {

    public StepContext {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(deadline, "deadline");
        if (index < 0 || index >= chain.steps().size() || !chain.steps().get(index).equals(step)) {
            throw new IllegalArgumentException("step " + index + " of chain " + chain.name() + " is not " + step.name());
        }
        outputs = Map.copyOf(outputs);
    }

    /** The agent that runs the step. */
    public AgentDefinition agent() {
        return chain.agentOf(step);
    }
}
