package io.askflow.bench;

import java.util.List;

/**
 * What one run of a worker scenario measured.
 *
 * @param workers         worker contexts
 * @param hosts           simulated Ollama hosts
 * @param tasks           tasks sent
 * @param seconds         from the first task sent to the last result read
 * @param ceiling         the most chains per second the hosts allow: hosts × slots / latency / steps per chain
 * @param maxInFlight     the highest concurrency each simulator saw, in host order
 * @param busyRejections  503 answers of all simulators
 * @param failed          results that carried an error
 */
public record ScenarioResult(int workers, int hosts, int tasks, double seconds, double ceiling,
                             List<Integer> maxInFlight, long busyRejections, long failed) {

    public ScenarioResult {
        maxInFlight = List.copyOf(maxInFlight);
    }

    /** Chains completed per second. */
    public double chainsPerSecond() {
        return tasks / seconds;
    }

    /** Share of the ceiling reached, 0 to 1. */
    public double ofCeiling() {
        return chainsPerSecond() / ceiling;
    }
}
