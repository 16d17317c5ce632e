package io.askflow.workers.support;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.job.JobRequest;
import io.askflow.core.run.RunRequest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Builders of the tasks the tests send. */
public final class TestRuns {

    /** The built-in chains' versions, read once: reading the catalog for each of thousands of runs takes seconds. */
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private TestRuns() {
    }

    /** A task for a built-in chain at its current version, with a fingerprint unique to this call. */
    public static RunRequest task(String chain, String question, String model) {
        return task(chain, question, model, Map.of());
    }

    /** A run of the answer chain for {@code tenant}, with a fingerprint unique to this call. */
    public static RunRequest ofTenant(String tenant, String question) {
        RunRequest task = task("answer", question, null);
        return new RunRequest(task.runId(), task.fingerprint(), task.request(), task.firstJobId(), task.dispatch(),
                task.createdAt(), tenant);
    }

    public static RunRequest task(String chain, String question, String model, Map<String, Object> options) {
        String version = VERSIONS.computeIfAbsent(chain,
                name -> ChainCatalog.fromClasspath().find(name).map(c -> c.version()).orElse(""));
        JobRequest request = new JobRequest(question, model, chain, version, options);
        return new RunRequest(UUID.randomUUID(), "fp-" + UUID.randomUUID(), request, UUID.randomUUID(), 1,
                Instant.now());
    }
}
