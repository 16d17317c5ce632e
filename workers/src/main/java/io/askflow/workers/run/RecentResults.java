package io.askflow.workers.run;

import io.askflow.core.run.RunResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The results of the last runs of this worker, by run id, so that a task delivered again (a publish that
 * timed out, a commit lost in a rebalance) has its result published again instead of its chain run again.
 * Bounded: the oldest entry goes first.
 */
public final class RecentResults {

    private final Map<UUID, RunResult> results;

    public RecentResults(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, RunResult> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized RunResult get(UUID runId) {
        return results.get(runId);
    }

    public synchronized void put(RunResult result) {
        results.put(result.runId(), result);
    }
}
