package io.askflow.api.job;

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

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

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
        JobSubmitted submitted = new JobSubmitted(ids.next(), Fingerprint.of(request), request,
                validator.cachePolicy(body), body.metadata(), clock.instant());
        Optional<CachedAnswer> cached = fastPath.cachedAnswer(submitted);
        JobSubmitted job = cached.map(submitted::answeredFrom).orElse(submitted);
        accept(job);
        if (cached.isPresent()) {
            log.debug("job {} answered from the cache: fingerprint {} run {}", job.jobId(), job.fingerprint(),
                    cached.get().runId());
            return find(job.jobId());
        }
        log.debug("job {} accepted: fingerprint {} chain {}", job.jobId(), job.fingerprint(), request.chain());
        return queuedView(job);
    }

    private void accept(JobSubmitted job) {
        AtomicBoolean published = new AtomicBoolean();
        try {
            transactions.executeWithoutResult(tx -> {
                store.insert(job);
                publisher.publish(job);
                published.set(true);
            });
        } catch (DataAccessException | TransactionException e) {
            // TransactionException: no connection to begin with (CannotCreateTransactionException), or a rollback
            // or commit on a session PostgreSQL ended (TransactionSystemException, which replaces the insert's error)
            throw published.get() ? JobNotAcceptedException.publishedButNotStored(job.jobId(), e)
                    : new JobNotAcceptedException("PostgreSQL did not take the job", e);
        }
    }

    public JobView find(UUID id) {
        return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private static JobView queuedView(JobSubmitted job) {
        JobRequest request = job.request();
        return new JobView(job.jobId(), JobStatus.QUEUED, (JobSource) null, request.question(), request.model(),
                request.chain(), request.chainVersion(), job.fingerprint(), null, null, null, null, List.of(),
                job.metadata(), job.submittedAt(), job.submittedAt(), null, JobLinks.of(job.jobId()));
    }
}
