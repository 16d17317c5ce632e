package io.askflow.api.job;

import java.util.Optional;
import java.util.UUID;

/**
 * The job could not be made durable in time. Usually nothing of it remains. Two cases leave a job behind
 * that the caller is told of ({@link #jobId()}), since it may be answered although the submit failed
 * (ADR 1): Kafka took the job but PostgreSQL then failed to commit its row (it will run), and Kafka did not
 * acknowledge in time a job it may have written before the acknowledgement was lost (it may run).
 */
public class JobNotAcceptedException extends RuntimeException {

    /** What became of the job. */
    public enum Fate {
        /** Nothing of it was stored or published. */
        DROPPED,
        /** Kafka may have it: it runs if so, and its row appears then. */
        MAY_RUN,
        /** Kafka has it: it runs, and its row appears then. */
        WILL_RUN
    }

    private final Fate fate;
    private final UUID jobId;

    public JobNotAcceptedException(String message, Throwable cause) {
        this(message, cause, Fate.DROPPED, null);
    }

    private JobNotAcceptedException(String message, Throwable cause, Fate fate, UUID jobId) {
        super(message, cause);
        this.fate = fate;
        this.jobId = jobId;
    }

    /** Kafka has the job, PostgreSQL did not confirm its row: it will run, under this id. */
    static JobNotAcceptedException publishedButNotStored(UUID jobId, Throwable cause) {
        return new JobNotAcceptedException("Kafka took the job but PostgreSQL did not confirm it", cause,
                Fate.WILL_RUN, jobId);
    }

    /** Kafka did not acknowledge in time: it may still have written the job, which then runs under this id. */
    static JobNotAcceptedException unacknowledged(UUID jobId, String message, Throwable cause) {
        return new JobNotAcceptedException(message, cause, Fate.MAY_RUN, jobId);
    }

    public Fate fate() {
        return fate;
    }

    /** The id under which the job runs, or may run, although the submit failed. */
    public Optional<UUID> jobId() {
        return Optional.ofNullable(jobId);
    }
}
