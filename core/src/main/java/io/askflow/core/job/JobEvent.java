package io.askflow.core.job;

import io.askflow.core.error.JobError;
import io.askflow.core.step.TokenUsage;

import java.time.Instant;
import java.util.UUID;

/**
 * A status change of one job, on topic {@code askflow.job-events} keyed by job id.
 *
 * @param jobId       the job
 * @param fingerprint the job's fingerprint
 * @param status      the job's new status
 * @param source      where the answer comes from (set once known)
 * @param runId       the chain run that answers the job, when there is one
 * @param answer      the answer, when COMPLETED
 * @param error       the reason, when FAILED
 * @param tokens      token totals of the run that answered, when known
 * @param at          when the change happened
 */
public record JobEvent(UUID jobId, String fingerprint, JobStatus status, JobSource source, UUID runId,
                       String answer, JobError error, TokenUsage tokens, Instant at) {

    /** The job waits for a run: its own (LLM) or an identical job's (COALESCED). */
    public static JobEvent queued(JobSubmitted job, JobSource source, UUID runId, Instant at) {
        return new JobEvent(job.jobId(), job.fingerprint(), JobStatus.QUEUED, source, runId, null, null, null, at);
    }

    /** A worker started the run the job waits for: its own (LLM) or an identical job's (COALESCED). */
    public static JobEvent running(UUID jobId, String fingerprint, JobSource source, UUID runId, Instant at) {
        return new JobEvent(jobId, fingerprint, JobStatus.RUNNING, source, runId, null, null, null, at);
    }

    /** The job is answered. */
    public static JobEvent completed(UUID jobId, String fingerprint, JobSource source, UUID runId, String answer,
                                     TokenUsage tokens, Instant at) {
        return new JobEvent(jobId, fingerprint, JobStatus.COMPLETED, source, runId, answer, null, tokens, at);
    }

    /** The job ended without an answer. */
    public static JobEvent failed(UUID jobId, String fingerprint, JobSource source, UUID runId, JobError error,
                                  Instant at) {
        return new JobEvent(jobId, fingerprint, JobStatus.FAILED, source, runId, null, error, null, at);
    }
}
