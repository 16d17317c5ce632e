package io.askflow.pipeline.sink;

import io.askflow.core.store.DatabaseFailures;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.util.UUID;

/**
 * A sink's failure as its error handler sees it: the first record not written (its index in the
 * polled batch; the offsets before it are committed) and, by its class, the policy of
 * {@link SinkErrorPolicy} that applies. There is one class per policy because spring-kafka's failure
 * tracker keeps the back-off chosen at a record's first failure for as long as the exception's class
 * stays the same ({@code resetStateOnExceptionChange}): a job event that first waits for its row and
 * then meets a PostgreSQL outage must switch to the outage's unlimited back-off, and back.
 */
abstract sealed class SinkFailure extends BatchListenerFailedException {

    private SinkFailure(String message, Throwable cause, int index) {
        super(message, cause, index);
    }

    /** The failure of a whole batch, or of what came before its first record was written: index 0. */
    static SinkFailure ofBatch(String sink, int size, RuntimeException e) {
        String message = "sink " + sink + " could not write a batch of " + size;
        return DatabaseFailures.isUnavailable(e) ? new DatabaseUnavailable(message, e, 0)
                : new BatchFailed(message, e, 0);
    }

    /** The failure of the record at {@code index}, written on its own. */
    static SinkFailure ofRecord(String sink, int index, RuntimeException e) {
        String message = "sink " + sink + " could not write the record at index " + index;
        return DatabaseFailures.isUnavailable(e) ? new DatabaseUnavailable(message, e, index)
                : new RecordFailed(message, e, index);
    }

    /** PostgreSQL unreachable or transiently failing: retried without limit. */
    static final class DatabaseUnavailable extends SinkFailure {

        private DatabaseUnavailable(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    /** A job event whose job row does not exist yet: retried for at most {@code missing-job-max-wait}. */
    static final class JobRowMissing extends SinkFailure {

        JobRowMissing(UUID jobId, int index) {
            super("job event waits for its job row", new MissingJobException(jobId), index);
        }
    }

    /** A record that failed on its own for another reason: {@code max-attempts}, then skipped. */
    static final class RecordFailed extends SinkFailure {

        private RecordFailed(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    /** A failure that cannot be pinned to one record: retried without limit, so that no record is skipped for it. */
    static final class BatchFailed extends SinkFailure {

        private BatchFailed(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }
}
