package io.askflow.api.job;

import java.util.Optional;
import java.util.UUID;

/**
 * The job could not be made durable in time. Usually nothing of it remains; when Kafka took it but
 * PostgreSQL then failed to commit its row ({@link #publishedJobId()}), it will still be answered
 * (ADR 1) and the caller is told its id.
 */
public class JobNotAcceptedException extends RuntimeException {

    private final UUID publishedJobId;

    public JobNotAcceptedException(String message, Throwable cause) {
        this(message, cause, null);
    }

    private JobNotAcceptedException(String message, Throwable cause, UUID publishedJobId) {
        super(message, cause);
        this.publishedJobId = publishedJobId;
    }

    /** Kafka has the job, PostgreSQL did not confirm its row: it will run, under this id. */
    static JobNotAcceptedException publishedButNotStored(UUID jobId, Throwable cause) {
        return new JobNotAcceptedException("Kafka took the job but PostgreSQL did not confirm it", cause, jobId);
    }

    /** The id of a job that Kafka took although the submit failed, if it did. */
    public Optional<UUID> publishedJobId() {
        return Optional.ofNullable(publishedJobId);
    }
}
