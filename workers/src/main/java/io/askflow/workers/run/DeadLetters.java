package io.askflow.workers.run;

import io.askflow.core.resilience.Retry;
import io.askflow.core.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes task records that cannot be run (unreadable, invalid, or whose result Kafka would not take) to
 * {@code askflow.tasks.dlt}, as they came, with spring-kafka's {@code kafka_dlt-*} headers saying why.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;
    private final Retry retries;

    DeadLetters(DeadLetterPublishingRecoverer recoverer, Retry retries) {
        this.recoverer = recoverer;
        this.retries = retries;
    }

    /** Over {@code recoverer} (which waits for Kafka's acknowledgement), retried as {@link Retry#standard()}. */
    public DeadLetters(DeadLetterPublishingRecoverer recoverer) {
        this(recoverer, Retry.standard());
    }

    /**
     * Publishes {@code record} with {@code failure} in its headers.
     *
     * @return whether Kafka acknowledged it; when not, the record's offset must stay uncommitted
     * @throws InterruptedException when the worker is stopping
     */
    public boolean publish(ConsumerRecord<?, ?> record, Exception failure) throws InterruptedException {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        log.warn("task record {} key {} goes to {}: {}", where, record.key(), Topics.RUNS_DEAD_LETTER.name(),
                rootMessage(failure));
        try {
            retries.run("dead letter of " + where, () -> recoverer.accept(record, null, failure));
            return true;
        } catch (RuntimeException e) {
            log.error("task record {} could not be dead-lettered: its offset stays uncommitted, and the task is run"
                    + " again after a pause", where, e);
            return false;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure.getClass().getSimpleName() + ": " + root;
    }
}
