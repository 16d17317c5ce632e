package io.askflow.workers.task;

import io.askflow.core.task.TaskResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The results of the last runs of this worker, by run id, so that a task delivered again (a publish that
 * timed out, a commit lost in a rebalance) has its result published again instead of its chain run again.
 * Bounded: the oldest entry goes first.
 */
public final class RecentResults {

    private final Map<UUID, TaskResult> results;

    public RecentResults(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, TaskResult> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized TaskResult get(UUID runId) {
        return results.get(runId);
    }

    public synchronized void put(TaskResult result) {
        results.put(result.runId(), result);
    }
}
