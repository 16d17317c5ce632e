package io.askflow.pipeline.support;

import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.step.StepResult;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.step.TokenUsage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of the messages the pipeline reads, shared by its tests. */
public final class Messages {

    public static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    public static final TokenUsage TOKENS = new TokenUsage(12, 34);

    private Messages() {
    }

    public static JobRequest request(String question) {
        return new JobRequest(question, "llama3.2", "qa", "1", Map.of("temperature", 0.2));
    }

    public static JobSubmitted job(String question) {
        return job(question, CachePolicy.DEFAULT);
    }

    public static JobSubmitted job(String question, CachePolicy cache) {
        JobRequest request = request(question);
        return new JobSubmitted(UUID.randomUUID(), Fingerprint.of(request), request, cache,
                Map.of("caller", "test"), T0);
    }

    /** A job of {@code tenant} in the cache scope {@code scope}, its fingerprint computed in that scope. */
    public static JobSubmitted job(String question, String tenant, String scope) {
        JobRequest request = request(question).inScope(scope);
        return new JobSubmitted(UUID.randomUUID(), Fingerprint.of(request), request, CachePolicy.DEFAULT,
                Map.of("caller", "test"), T0).ownedBy(tenant);
    }

    /** A successful result of a run of {@code tenant}: one step of 1.5 s, {@link #TOKENS}. */
    public static RunResult success(UUID runId, String fingerprint, String answer, String tenant) {
        RunResult result = success(runId, fingerprint, answer);
        return new RunResult(runId, fingerprint, answer, null, result.steps(), result.tokens(), result.worker(),
                result.startedAt(), result.finishedAt(), tenant);
    }

    public static RunResult success(UUID runId, String fingerprint, String answer) {
        StepResult step = new StepResult(0, "answer", "Expert", "llama3.2", "ollama-1", answer, TOKENS,
                Duration.ofMillis(1500));
        return new RunResult(runId, fingerprint, answer, null, List.of(step), TOKENS, "worker-1",
                T0.plusSeconds(1), T0.plusSeconds(3));
    }

    public static RunResult failure(UUID runId, String fingerprint, String type) {
        return new RunResult(runId, fingerprint, null, new JobError(type, "the model failed", 3), List.of(),
                TokenUsage.NONE, "worker-1", T0.plusSeconds(1), T0.plusSeconds(3));
    }

    public static RunProgress progress(UUID runId, String fingerprint, int done, int total, Instant at, String tenant) {
        return new RunProgress(runId, fingerprint, done, total, done < total ? "step-" + done : null, "worker-1", at,
                tenant);
    }

    public static RunProgress progress(UUID runId, String fingerprint, int done, int total, Instant at) {
        return new RunProgress(runId, fingerprint, done, total, done < total ? "step-" + done : null, "worker-1", at);
    }
}
