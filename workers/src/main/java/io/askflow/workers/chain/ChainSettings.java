package io.askflow.workers.chain;

import java.time.Duration;

/**
 * What bounds every chain run of this worker.
 *
 * @param defaultModel  the model of agents that name none when the job and chain name none either
 * @param numPredictCap the most tokens one step may generate
 * @param deadline      the longest one run may take on this worker, all steps, retries and waits for a slot
 *                      together (a run resumed after a crash gets it afresh)
 */
public record ChainSettings(String defaultModel, int numPredictCap, Duration deadline) {

    public ChainSettings {
        if (defaultModel == null || defaultModel.isBlank()) {
            throw new IllegalArgumentException("a default model is needed");
        }
        if (numPredictCap < 1) {
            throw new IllegalArgumentException("the num_predict cap must be at least 1, was " + numPredictCap);
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the chain deadline must be positive, was " + deadline);
        }
    }
}
