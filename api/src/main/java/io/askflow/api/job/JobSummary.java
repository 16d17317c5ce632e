package io.askflow.api.job;

import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as a list shows it: what tells jobs apart and where each stands, without the answer, steps or metadata
 * (follow {@code links.self} for those), so that a page of 100 stays small.
 *
 * @param id          the job's id
 * @param status      QUEUED, RUNNING, COMPLETED or FAILED
 * @param source      where the answer came from, once there is one
 * @param question    the question
 * @param model       the model asked for, or absent
 * @param chain       the chain
 * @param fingerprint the fingerprint
 * @param submittedAt when it was accepted
 * @param updatedAt   its last change
 * @param completedAt when it ended, or absent
 * @param links       {@code self}: the job
 */
public record JobSummary(UUID id, JobStatus status, JobSource source, String question, String model, String chain,
                         String fingerprint, Instant submittedAt, Instant updatedAt, Instant completedAt,
                         Map<String, String> links) {
}
