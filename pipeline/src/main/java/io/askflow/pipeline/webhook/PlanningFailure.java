package io.askflow.pipeline.webhook;

import org.springframework.kafka.listener.BatchListenerFailedException;

import java.util.UUID;

/**
 * The webhook listener's failure as its error handler sees it: the first job event not planned (its index in the
 * polled batch; the offsets before it are committed) and, by its class, the back-off of {@link PlanningErrorPolicy}
 * (one class per policy, since spring-kafka keeps a record's back-off while its failure's class stays the same).
 */
abstract sealed class PlanningFailure extends BatchListenerFailedException {

    private PlanningFailure(String message, Throwable cause, int index) {
        super(message, cause, index);
    }

    /** PostgreSQL unreachable or transiently failing: retried without limit. */
    static final class DatabaseUnavailable extends PlanningFailure {

        DatabaseUnavailable(Throwable cause, int index) {
            super("the webhook listener cannot reach PostgreSQL", cause, index);
        }
    }

    /** The job's row does not show the event yet (the job events sink lags): retried for up to {@code row-max-wait}. */
    static final class RowBehind extends PlanningFailure {

        RowBehind(UUID jobId, int index) {
            super("job event waits for its job row", new IllegalStateException("job " + jobId
                    + " has no row showing the event yet"), index);
        }
    }

    /** Anything else: a few attempts, then the record is logged and skipped. */
    static final class Failed extends PlanningFailure {

        Failed(Throwable cause, int index) {
            super("the webhook listener failed on the record at index " + index, cause, index);
        }
    }
}
