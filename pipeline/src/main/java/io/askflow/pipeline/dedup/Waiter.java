package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobSource;

import java.util.UUID;

/**
 * A job waiting for a run, a value of the {@code answer-waiters} store
 * (key: {@code fingerprint + "/" + zero-padded sequence}).
 *
 * @param jobId  the waiting job
 * @param source LLM for the job that started the run, COALESCED for the others
 */
public record Waiter(UUID jobId, JobSource source) {
}
