package io.askflow.core.job;

import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.tenant.Tenants;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job accepted by the API, on topic {@code askflow.jobs} keyed by fingerprint.
 *
 * @param jobId             the job's id
 * @param fingerprint       the fingerprint of {@link #request()}
 * @param request           what to answer
 * @param cache             how this job uses the answer cache
 * @param metadata          the caller's own data, stored and returned untouched
 * @param submittedAt       when the API accepted it
 * @param answeredFromCache the cached answer the API already completed the job with (its fast path), or
 *                          {@code null}; the pipeline then completes the job with exactly this answer instead of
 *                          asking the cache again, so the stored answer and every event agree
 * @param webhook           the job's own webhook, or {@code null}; not part of the fingerprint
 * @param tenant            the tenant that owns the job ({@code null} reads as {@code default}); not part of the
 *                          fingerprint: answers are shared by cache scope ({@link JobRequest#scope()})
 * @param lane              how urgently its run is wanted ({@code null}, in a record written before lanes, reads as
 *                          {@link Lane#INTERACTIVE}); not part of the fingerprint
 */
public record JobSubmitted(UUID jobId, String fingerprint, JobRequest request, CachePolicy cache,
                           Map<String, Object> metadata, Instant submittedAt, CachedAnswer answeredFromCache,
                           JobWebhook webhook, String tenant, Lane lane) {

    public JobSubmitted {
        cache = cache == null ? CachePolicy.DEFAULT : cache;
        metadata = metadata == null ? Map.of() : metadata;
        tenant = tenant == null ? Tenants.DEFAULT : tenant;
        lane = Lane.orInteractive(lane);
    }

    /** An interactive job. */
    public JobSubmitted(UUID jobId, String fingerprint, JobRequest request, CachePolicy cache,
                        Map<String, Object> metadata, Instant submittedAt, CachedAnswer answeredFromCache,
                        JobWebhook webhook, String tenant) {
        this(jobId, fingerprint, request, cache, metadata, submittedAt, answeredFromCache, webhook, tenant,
                Lane.INTERACTIVE);
    }

    /** A job of the default tenant. */
    public JobSubmitted(UUID jobId, String fingerprint, JobRequest request, CachePolicy cache,
                        Map<String, Object> metadata, Instant submittedAt, CachedAnswer answeredFromCache,
                        JobWebhook webhook) {
        this(jobId, fingerprint, request, cache, metadata, submittedAt, answeredFromCache, webhook, Tenants.DEFAULT);
    }

    /** A job the API did not answer itself, without a webhook. */
    public JobSubmitted(UUID jobId, String fingerprint, JobRequest request, CachePolicy cache,
                        Map<String, Object> metadata, Instant submittedAt) {
        this(jobId, fingerprint, request, cache, metadata, submittedAt, null, null);
    }

    /** This job, completed by the API with a cached answer. */
    public JobSubmitted answeredFrom(CachedAnswer answer) {
        return new JobSubmitted(jobId, fingerprint, request, cache, metadata, submittedAt, answer, webhook, tenant, lane);
    }

    /** This job with its own webhook ({@code null}: none). */
    public JobSubmitted withWebhook(JobWebhook hook) {
        return new JobSubmitted(jobId, fingerprint, request, cache, metadata, submittedAt, answeredFromCache, hook,
                tenant, lane);
    }

    /** Where this job's answer is cached: its request's scope and its fingerprint. */
    public AnswerKey answerKey() {
        return new AnswerKey(request.scope(), fingerprint);
    }

    /** This job, owned by {@code owner}. */
    public JobSubmitted ownedBy(String owner) {
        return new JobSubmitted(jobId, fingerprint, request, cache, metadata, submittedAt, answeredFromCache, webhook,
                owner, lane);
    }

    /** This job, in {@code other} lane. */
    public JobSubmitted inLane(Lane other) {
        return new JobSubmitted(jobId, fingerprint, request, cache, metadata, submittedAt, answeredFromCache, webhook,
                tenant, other);
    }
}
