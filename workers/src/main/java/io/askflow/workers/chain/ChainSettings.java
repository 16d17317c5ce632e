package io.askflow.workers.chain;

import java.time.Duration;

/**
 * What bounds every chain run of this worker. (The cap on tokens a chat step may generate belongs to the chat
 * steps: {@link io.askflow.workers.step.ChatStepRunner}.)
 *
 * @param defaultModel the model of agents that name none when the job and chain name none either
 * @param deadline     the longest one run may take on this worker, all steps, retries and waits for a slot
 *                     together (a run resumed after a crash gets it afresh)
 */
public record ChainSettings(String defaultModel, Duration deadline) {

    public ChainSettings {
        if (defaultModel == null || defaultModel.isBlank()) {
            throw new IllegalArgumentException("a default model is needed");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the chain deadline must be positive, was " + deadline);
        }
    }
}
