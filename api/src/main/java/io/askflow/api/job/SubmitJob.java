package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.api.limit.OverloadBound;
import io.askflow.api.limit.QueueQuota;
import io.askflow.api.tenant.TenantScopes;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.Lane;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import io.askflow.core.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's submit command: a {@link NewJob} in, the accepted {@link JobSubmitted} out, no web types. The
 * REST controller calls it; batch ingestion and any other door call it the same way, so every job is checked,
 * fingerprinted, stored and published by the same rules.
 *
 * <p>A job is accepted only once it is both in PostgreSQL (so the first poll finds it) and acknowledged by Kafka
 * (so the pipeline will answer it): the row is written through the {@link JobStore} in a transaction that commits
 * only after the publish is acknowledged (ADR 1). In that transaction, first, the tenant's queue quota
 * ({@link QueueQuota}) admits the job or refuses it. The transaction joins one the caller began, as an
 * idempotent submit does (it stores the Idempotency-Key in the same transaction).
 *
 * <p>The fast path: when the answer is already cached ({@link FastPath}), the job is accepted COMPLETED (source
 * CACHE; {@link JobSubmitted#answeredFromCache()} is set), stored so with its QUEUED and COMPLETED history, and
 * published carrying the answer, so the pipeline counts it and completes it with that very answer.
 */
@Service
public class SubmitJob {

    private static final Logger log = LoggerFactory.getLogger(SubmitJob.class);

    private final JobRequestValidator validator;
    private final JobStore store;
    private final JobPublisher publisher;
    private final FastPath fastPath;
    private final TransactionTemplate transactions;
    private final JobIds ids;
    private final Clock clock;
    private final QueueQuota quota;
    private final OverloadBound overload;
    private final TenantScopes scopes;

    public SubmitJob(JobRequestValidator validator, JobStore store, JobPublisher publisher, FastPath fastPath,
                     TransactionTemplate transactions, JobIds ids, Clock clock, QueueQuota quota,
                     OverloadBound overload, TenantScopes scopes) {
        this.validator = validator;
        this.store = store;
        this.publisher = publisher;
        this.fastPath = fastPath;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.quota = quota;
        this.overload = overload;
        this.scopes = scopes;
    }

    /** Accepts a job of the default tenant: {@link #submit(NewJob, String)}. */
    public JobSubmitted submit(NewJob newJob) {
        return submit(newJob, Tenants.DEFAULT);
    }

    /**
     * Accepts a job of {@code tenant}, in the tenant's cache scope: QUEUED, or COMPLETED at once when its answer is
     * cached.
     *
     * @throws InvalidJobRequestException naming every fault of the job (a 400)
     * @throws JobNotAcceptedException    when Kafka or PostgreSQL could not take it in time (a 503)
     */
    public JobSubmitted submit(NewJob newJob, String tenant) {
        return submit(newJob, tenant, ids.next(), Lane.INTERACTIVE);
    }

    /**
     * Accepts a line of a batch as a job of {@code tenant} under the given id (derived from the batch and the line,
     * so a dispatch repeated after a crash makes the same job) in the {@link Lane#BATCH} lane. The queue quota does
     * not apply: the batch dispatcher bounds a batch's open jobs itself (ADR 14).
     *
     * @throws InvalidJobRequestException naming every fault of the line
     * @throws JobNotAcceptedException    when Kafka or PostgreSQL could not take it in time
     */
    public JobSubmitted submitBatchLine(NewJob newJob, String tenant, UUID jobId) {
        return submit(newJob, tenant, jobId, Lane.BATCH);
    }

    private JobSubmitted submit(NewJob newJob, String tenant, UUID jobId, Lane lane) {
        // the scope first: it is part of the fingerprint, so answers are shared only inside it (ADR 7)
        JobRequest request = validator.toJobRequest(newJob).inScope(scopes.cacheScope(tenant));
        // PostgreSQL keeps microseconds: the time the answer shows is the one every poll will show; the webhook is
        // not part of the fingerprint (the same question with another webhook still waits on the same run)
        JobSubmitted submitted = new JobSubmitted(jobId, Fingerprint.of(request), request,
                validator.cachePolicy(newJob), newJob.metadata(), clock.instant().truncatedTo(ChronoUnit.MICROS))
                .withWebhook(validator.webhook(newJob))
                .ownedBy(tenant)
                .inLane(lane);
        Optional<CachedAnswer> cached = fastPath.cachedAnswer(submitted);
        JobSubmitted job = cached.map(submitted::answeredFrom).orElse(submitted);
        accept(job);
        if (cached.isPresent()) {
            log.debug("job {} answered from the cache: fingerprint {} run {}", job.jobId(), job.fingerprint(),
                    cached.get().runId());
        } else {
            log.debug("job {} accepted: fingerprint {} chain {}", job.jobId(), job.fingerprint(), request.chain());
        }
        return job;
    }

    private void accept(JobSubmitted job) {
        AtomicBoolean published = new AtomicBoolean();
        AtomicReference<JobNotAcceptedException> publishFailure = new AtomicReference<>();
        try {
            overload.admit(job); // OverloadedException (a 503) before anything is stored
            transactions.executeWithoutResult(tx -> {
                if (job.lane() == Lane.INTERACTIVE) {
                    quota.admit(job); // QueueQuotaExceededException (a 429) before anything is stored
                }
                store.insert(List.of(new Dated<>(job, job.submittedAt())));
                try {
                    publisher.publish(job);
                } catch (JobNotAcceptedException e) {
                    publishFailure.set(e);
                    throw e;
                }
                published.set(true);
            });
        } catch (DataAccessException | TransactionException e) {
            // TransactionException: no connection to begin with (CannotCreateTransactionException), or a rollback
            // or commit on a session PostgreSQL ended (TransactionSystemException); that failure, like a failed
            // rollback translated to a DataAccessException, replaces the error that caused the rollback
            throw notAccepted(job, published.get(), publishFailure.get(), e);
        }
    }

    /**
     * What the caller is told when PostgreSQL failed. After a failed publish whose rollback failed too (the session
     * ended while Kafka was awaited) it is still the publish's failure: Kafka may have the job (MAY_RUN), and the
     * caller must learn its id, not that nothing was stored. A value PostgreSQL refuses as invalid data (SQLState
     * class 22) is the request's fault: retrying it would fail the same way, so it is a 400.
     */
    private static RuntimeException notAccepted(JobSubmitted job, boolean published,
                                                JobNotAcceptedException publishFailure, RuntimeException e) {
        if (published) {
            return JobNotAcceptedException.publishedButNotStored(job.jobId(), e);
        }
        if (publishFailure != null) {
            publishFailure.addSuppressed(e);
            return publishFailure;
        }
        Optional<SQLException> invalidData = invalidData(e);
        if (invalidData.isPresent()) {
            String reason = invalidData.get().getMessage().lines().findFirst().orElse("");
            log.warn("job {} refused by PostgreSQL as invalid data (SQLState {}): {}", job.jobId(),
                    invalidData.get().getSQLState(), reason);
            return new InvalidJobRequestException(List.of(new Violation("body", "PostgreSQL cannot store a value"
                    + " of this job (" + reason + "): change it and submit again")));
        }
        return new JobNotAcceptedException("PostgreSQL did not take the job", e);
    }

    private static Optional<SQLException> invalidData(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
