package io.askflow.workers.support;

import io.askflow.core.step.StepResult;
import io.askflow.workers.chain.Checkpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in a map, for tests of the chain executor without Redis. */
public final class InMemoryCheckpoints implements Checkpoints {

    private final Map<UUID, TreeMap<Integer, StepResult>> steps = new ConcurrentHashMap<>();

    @Override
    public List<StepResult> load(UUID runId, int count) {
        List<StepResult> found = new ArrayList<>();
        TreeMap<Integer, StepResult> recorded = steps.getOrDefault(runId, new TreeMap<>());
        while (found.size() < count && recorded.containsKey(found.size())) {
            found.add(recorded.get(found.size()));
        }
        return found;
    }

    @Override
    public void save(UUID runId, StepResult step) {
        steps.computeIfAbsent(runId, id -> new TreeMap<>()).put(step.index(), step);
    }

    /** Forgets the steps of {@code runId} from {@code index} on, as if the worker had died before them. */
    public void forgetFrom(UUID runId, int index) {
        steps.getOrDefault(runId, new TreeMap<>()).tailMap(index, true).clear();
    }
}
