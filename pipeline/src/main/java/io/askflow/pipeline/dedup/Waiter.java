package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobSource;

import java.util.UUID;

/**
 * A job waiting for a run, a value of the {@code answer-waiters} store (key: the run's in-flight key
 * + {@code "/"} + its 10-digit zero-padded sequence, i.e. {@code fingerprint/0000000003}, or
 * {@code fingerprint@runId/0000000000} with coalescing off).
 *
 * @param jobId  the waiting job
 * @param source LLM for the job that started the run, COALESCED for the others
 */
public record Waiter(UUID jobId, JobSource source) {
}
