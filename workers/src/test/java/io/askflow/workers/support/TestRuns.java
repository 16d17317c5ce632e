package io.askflow.workers.support;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.job.JobRequest;
import io.askflow.core.run.RunRequest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builders of the tasks the tests send. */
public final class TestRuns {

    private TestRuns() {
    }

    /** A task for a built-in chain at its current version, with a fingerprint unique to this call. */
    public static RunRequest task(String chain, String question, String model) {
        return task(chain, question, model, Map.of());
    }

    public static RunRequest task(String chain, String question, String model, Map<String, Object> options) {
        String version = ChainCatalog.fromClasspath().find(chain).map(c -> c.version()).orElse("");
        JobRequest request = new JobRequest(question, model, chain, version, options);
        return new RunRequest(UUID.randomUUID(), "fp-" + UUID.randomUUID(), request, UUID.randomUUID(), 1,
                Instant.now());
    }
}
