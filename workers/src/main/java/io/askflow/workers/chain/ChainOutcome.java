package io.askflow.workers.chain;

import io.askflow.core.error.JobError;
import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;

import java.util.List;

/**
 * How a chain run ended: with the last step's output as the answer, or with an error. Exactly one of
 * {@code answer} and {@code error} is set.
 *
 * @param chainVersion the version of the chain that ran, or {@code null} when it was not found
 * @param steps        the steps that finished, in order
 * @param answer       the final answer, on success
 * @param error        why it failed, on failure
 */
public record ChainOutcome(String chainVersion, List<StepResult> steps, String answer, JobError error) {

    public ChainOutcome {
        steps = List.copyOf(steps);
        if ((answer == null) == (error == null)) {
            throw new IllegalArgumentException("a chain outcome has either an answer or an error");
        }
    }

    public static ChainOutcome completed(String chainVersion, List<StepResult> steps) {
        return new ChainOutcome(chainVersion, steps, steps.get(steps.size() - 1).output(), null);
    }

    public static ChainOutcome failed(String chainVersion, List<StepResult> steps, JobError error) {
        return new ChainOutcome(chainVersion, steps, null, error);
    }

    public boolean succeeded() {
        return error == null;
    }

    /** Token totals over the finished steps. */
    public TokenUsage tokens() {
        return steps.stream().map(StepResult::tokens).reduce(TokenUsage.NONE, TokenUsage::plus);
    }
}
