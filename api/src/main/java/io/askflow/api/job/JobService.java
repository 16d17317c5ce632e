package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
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
 * Accepts jobs and reads them back. A job is accepted only once it is both in PostgreSQL (so the
 * first poll finds it) and acknowledged by Kafka (so the pipeline will answer it): the row is
 * written in a transaction that commits only after the publish is acknowledged.
 *
 * <p>The fast path: when the answer is already cached ({@link FastPath}), the row is written COMPLETED
 * (source CACHE) with its QUEUED and COMPLETED history, and the published job carries the answer, so the
 * pipeline counts it and completes it with that very answer (its event changes nothing: the row is terminal).
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobRequestValidator validator;
    private final JobStore store;
    private final JobPublisher publisher;
    private final FastPath fastPath;
    private final TransactionTemplate transactions;
    private final JobIds ids;
    private final Clock clock;

    public JobService(JobRequestValidator validator, JobStore store, JobPublisher publisher, FastPath fastPath,
                      TransactionTemplate transactions, JobIds ids, Clock clock) {
        this.validator = validator;
        this.store = store;
        this.publisher = publisher;
        this.fastPath = fastPath;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    /** Accepts a job: QUEUED, or COMPLETED at once when its answer is cached (see {@link JobView#status()}). */
    public JobView submit(SubmitJobRequest body) {
        JobRequest request = validator.toJobRequest(body);
        // PostgreSQL keeps microseconds: the time the answer shows is the one every poll will show
        JobSubmitted submitted = new JobSubmitted(ids.next(), Fingerprint.of(request), request,
                validator.cachePolicy(body), body.metadata(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        Optional<CachedAnswer> cached = fastPath.cachedAnswer(submitted);
        JobSubmitted job = cached.map(submitted::answeredFrom).orElse(submitted);
        accept(job);
        if (cached.isPresent()) {
            log.debug("job {} answered from the cache: fingerprint {} run {}", job.jobId(), job.fingerprint(),
                    cached.get().runId());
        } else {
            log.debug("job {} accepted: fingerprint {} chain {}", job.jobId(), job.fingerprint(), request.chain());
        }
        return acceptedView(job);
    }

    private void accept(JobSubmitted job) {
        AtomicBoolean published = new AtomicBoolean();
        AtomicReference<JobNotAcceptedException> publishFailure = new AtomicReference<>();
        try {
            transactions.executeWithoutResult(tx -> {
                store.insert(job);
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

    public JobView find(UUID id) {
        return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * The job just accepted, as a poll of it shows it, built from what was stored rather than read back: once the
     * job is stored and published the caller must get its id, whatever PostgreSQL does next. A job answered from
     * the cache names its run by id only; a poll adds that run's progress and steps (the pipeline's tables).
     */
    private static JobView acceptedView(JobSubmitted job) {
        JobRequest request = job.request();
        CachedAnswer cached = job.answeredFromCache();
        if (cached == null) {
            return new JobView(job.jobId(), JobStatus.QUEUED, null, request.question(), request.model(),
                    request.chain(), request.chainVersion(), job.fingerprint(), null, null, null, null, List.of(),
                    job.metadata(), job.submittedAt(), job.submittedAt(), null, JobLinks.of(job.jobId()));
        }
        return new JobView(job.jobId(), JobStatus.COMPLETED, JobSource.CACHE, request.question(), request.model(),
                request.chain(), request.chainVersion(), job.fingerprint(), cached.answer(), null,
                new JobView.RunView(cached.runId(), null, null, null, null), cached.tokens(), List.of(),
                job.metadata(), job.submittedAt(), job.submittedAt(), job.submittedAt(), JobLinks.of(job.jobId()));
    }
}
