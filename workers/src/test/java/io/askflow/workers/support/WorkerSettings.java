package io.askflow.workers.support;

import io.askflow.testing.Infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a worker in the broker tests: the shared Kafka and Redis, a consumer group of the test's own,
 * short back-offs and cool-downs, given Ollama hosts with their slots.
 */
public final class WorkerSettings {

    private WorkerSettings() {
    }

    /**
     * @param infra    the shared test infrastructure
     * @param group    the consumer group, from {@link TestGroups#startingAtTheEnd}
     * @param workerId the worker's name in results and progress
     * @param hosts    Ollama base URLs with their slots, in order
     */
    public static Map<String, Object> of(Infrastructure infra, String group, String workerId,
                                         List<Map.Entry<String, Integer>> hosts) {
        Map<String, Object> settings = new LinkedHashMap<>(infra.springProperties());
        settings.put("askflow.workers.group-id", group);
        settings.put("askflow.workers.worker-id", workerId);
        settings.put("askflow.topics.partitions", TestGroups.PARTITIONS);
        settings.put("askflow.ollama.request-timeout", "20s");
        settings.put("askflow.ollama.backoff.initial", "50ms");
        settings.put("askflow.ollama.backoff.max", "200ms");
        settings.put("askflow.ollama.cool-down", "100ms");
        settings.put("askflow.ollama.cool-down-max", "400ms");
        for (int i = 0; i < hosts.size(); i++) {
            settings.put("askflow.ollama.hosts[" + i + "].url", hosts.get(i).getKey());
            settings.put("askflow.ollama.hosts[" + i + "].slots", hosts.get(i).getValue());
        }
        return settings;
    }
}
