package io.askflow.api.job;

import io.askflow.api.idempotency.FirstAnswerNotCommittedException;
import io.askflow.api.idempotency.IdempotencyKey;
import io.askflow.api.idempotency.IdempotentRequests;
import io.askflow.api.idempotency.RequestHash;
import io.askflow.core.job.JobSubmitted;
import org.springframework.stereotype.Service;

/**
 * A submit with an {@code Idempotency-Key}: {@link SubmitJob} run through {@link IdempotentRequests}, so the job
 * and its key are stored in one transaction, a retry with the same key and job gets the first job's id and status
 * code back, and nothing is submitted twice. The request hash is that of the {@link NewJob} (what the door read,
 * whatever its key order or spacing), so a batch line can be submitted the same way.
 */
@Service
public class IdempotentSubmit {

    /** The operation named in the request hash: a key used for another operation does not match. */
    static final String OPERATION = "jobs.create";

    private final SubmitJob submitJob;
    private final IdempotentRequests requests;

    public IdempotentSubmit(SubmitJob submitJob, IdempotentRequests requests) {
        this.submitJob = submitJob;
        this.requests = requests;
    }

    /**
     * Submits once per tenant and key.
     *
     * @return the job accepted now, or (a replay) the first job's id and status code
     * @throws JobNotAcceptedException as {@link SubmitJob#submit}, also when Kafka took the job but its rows with
     *                                 the key did not commit (it will run: WILL_RUN)
     */
    public IdempotentRequests.Outcome<JobSubmitted> submit(NewJob newJob, String tenant, IdempotencyKey key) {
        try {
            return requests.execute(tenant, key, RequestHash.of(OPERATION, newJob), () -> {
                JobSubmitted job = submitJob.submit(newJob, tenant);
                return new IdempotentRequests.Created<>(job, job.jobId(), statusOf(job));
            });
        } catch (FirstAnswerNotCommittedException e) {
            throw JobNotAcceptedException.publishedButNotStored(e.id(), e.getCause());
        }
    }

    /** 200 for a job answered from the cache at once, 202 for a queued one. */
    static int statusOf(JobSubmitted job) {
        return job.answeredFromCache() != null ? 200 : 202;
    }
}
