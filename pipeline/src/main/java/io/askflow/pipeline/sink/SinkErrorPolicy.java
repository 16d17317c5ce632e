package io.askflow.pipeline.sink;

import io.askflow.core.store.DatabaseFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.util.Objects;

/**
 * The error policy of every sink listener. Offsets are committed only after the listener returns
 * (AckMode BATCH): a batch is durable in PostgreSQL before its offsets move. When a listener throws
 * (always a {@link SinkFailure} naming the first record not written), the {@link DefaultErrorHandler}
 * commits the offsets before that record and polls the rest again after a back-off chosen by the
 * failure's class, that is by its current cause (the back-off starts over when the cause changes):
 *
 * <ul>
 *   <li>{@link SinkFailure.DatabaseUnavailable}, PostgreSQL unreachable or transiently failing
 *       ({@link DataAccessResourceFailureException}, {@link TransientDataAccessException},
 *       {@link RecoverableDataAccessException}, {@link CannotCreateTransactionException}): exponential
 *       back-off up to {@code retry-max-interval}, with no limit on attempts: skipping would lose job
 *       states (invariants 1 and 5); the partition waits for the database instead.</li>
 *   <li>{@link SinkFailure.BatchFailed}, a failure that cannot be pinned to one record: the same
 *       unlimited back-off, since skipping the first record would drop a record that may be fine.</li>
 *   <li>{@link SinkFailure.JobRowMissing}: exponential back-off for at most {@code missing-job-max-wait}.</li>
 *   <li>{@link SinkFailure.RecordFailed}, a record that failed on its own ({@link BatchWriter} finds it):
 *       {@code max-attempts} attempts at {@code retry-initial-interval}.</li>
 * </ul>
 *
 * When a bounded back-off is exhausted the record is logged at ERROR, counted in
 * {@value SinkMetrics#SKIPPED} and skipped. Records that can never be written are not retried at all:
 * unreadable ones (the {@code ErrorHandlingDeserializer} hands them over as {@code null}), invalid
 * ones and ones PostgreSQL refuses are skipped by {@link BatchWriter}.
 */
public final class SinkErrorPolicy {

    private static final Logger log = LoggerFactory.getLogger(SinkErrorPolicy.class);

    private final SinkProperties properties;
    private final SinkMetrics metrics;

    public SinkErrorPolicy(SinkProperties properties, SinkMetrics metrics) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** A new error handler for the sink {@code sink}. */
    public DefaultErrorHandler errorHandler(String sink) {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> giveUp(sink, record, e),
                otherErrors());
        handler.setBackOffFunction((record, e) -> backOff(e));
        handler.setCommitRecovered(true);
        handler.setResetStateOnExceptionChange(true);
        handler.setLogLevel(KafkaException.Level.WARN);
        handler.setRetryListeners((record, e, attempt) -> retrying(sink, record, e, attempt));
        return handler;
    }

    /** The back-off for a failure, by its kind. */
    BackOff backOff(Exception e) {
        if (DatabaseFailures.causedBy(e, SinkFailure.JobRowMissing.class)) {
            ExponentialBackOff backOff = exponential();
            backOff.setMaxElapsedTime(properties.missingJobMaxWait().toMillis());
            return backOff;
        }
        if (DatabaseFailures.causedBy(e, SinkFailure.DatabaseUnavailable.class)
                || DatabaseFailures.causedBy(e, SinkFailure.BatchFailed.class)) {
            ExponentialBackOff backOff = exponential();
            backOff.setJitter(backOff.getInitialInterval() / 2);
            return backOff; // no limit on attempts or elapsed time
        }
        return otherErrors();
    }

    private ExponentialBackOff exponential() {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        return backOff;
    }

    private FixedBackOff otherErrors() {
        return new FixedBackOff(properties.retryInitialInterval().toMillis(), properties.maxAttempts() - 1L);
    }

    private void retrying(String sink, ConsumerRecord<?, ?> record, Exception e, int attempt) {
        metrics.retried(sink);
        log.warn("sink {} could not write {}-{}@{} key {} (attempt {}), polling it again: {}", sink, record.topic(),
                record.partition(), record.offset(), record.key(), attempt, NestedExceptionUtils.getMostSpecificCause(e)
                        .toString());
    }

    private void giveUp(String sink, ConsumerRecord<?, ?> record, Exception e) {
        String reason = DatabaseFailures.causedBy(e, SinkFailure.JobRowMissing.class) ? "missing-job" : "gave-up";
        metrics.skipped(sink, reason);
        log.error("sink {} gives up on {}-{}@{} key {} ({}) after its retries", sink, record.topic(),
                record.partition(), record.offset(), record.key(), reason, e);
    }
}
