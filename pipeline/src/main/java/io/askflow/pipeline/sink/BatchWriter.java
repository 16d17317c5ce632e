package io.askflow.pipeline.sink;

import io.askflow.core.store.DatabaseFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every sink does with a polled batch: drop what cannot be read or is invalid (logged and
 * counted, never retried), then write the rest in one transaction. When that fails for any reason
 * but an unavailable database, the records are written one by one, each in its own transaction and in
 * the order they were polled, to find the culprit: one PostgreSQL refuses on its own
 * ({@link DataIntegrityViolationException}: a too long value, a broken reference, ...) is logged and
 * skipped, since retrying it could never succeed; one that fails on its own for another reason stops
 * the batch as a {@link SinkFailure.RecordFailed} naming it, so the records before it stay written and
 * only it can be skipped after its attempts. An unavailable database (PostgreSQL unreachable, ...)
 * propagates to the listener's error handler, which retries without limit.
 */
final class BatchWriter {

    /** One usable record of a batch and its index in the batch as polled. */
    record Indexed<V>(int index, ConsumerRecord<String, V> record) {

        V value() {
            return record.value();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final String sink;
    private final TransactionTemplate transactions;
    private final SinkMetrics metrics;

    BatchWriter(String sink, TransactionTemplate transactions, SinkMetrics metrics) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The records worth writing. A {@code null} value is a record the {@code ErrorHandlingDeserializer}
     * could not read (or a tombstone); {@code problem} names what makes a value invalid, or returns
     * {@code null} when it is fine.
     */
    <V> List<Indexed<V>> usable(List<ConsumerRecord<String, V>> records, Function<V, String> problem) {
        List<Indexed<V>> usable = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, V> record = records.get(i);
            if (record.value() == null) {
                skip(record, "unreadable", "no value could be read from it");
                continue;
            }
            String invalid = problem.apply(record.value());
            if (invalid != null) {
                skip(record, "invalid", invalid);
                continue;
            }
            usable.add(new Indexed<>(i, record));
        }
        return usable;
    }

    /**
     * Writes {@code records} with {@code statements} in one transaction, isolating refused records.
     * The records go in the order of the row each one changes ({@code row}; a stable sort, so one
     * row's changes keep their order): sinks that change the same rows at once then take their row
     * locks in the same order and cannot deadlock each other.
     */
    <V> void write(List<Indexed<V>> batch, Function<V, UUID> row, Consumer<List<Indexed<V>>> statements) {
        if (batch.isEmpty()) {
            return;
        }
        List<Indexed<V>> records = batch.stream().sorted(Comparator.comparing(record -> row.apply(record.value())))
                .toList();
        try {
            transactions.executeWithoutResult(status -> statements.accept(records));
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            log.warn("sink {}: a batch of {} records failed ({}), writing them one by one", sink, records.size(),
                    NestedExceptionUtils.getMostSpecificCause(e).toString());
            batch.forEach(record -> writeAlone(record, statements)); // as polled: a failure commits those before it
            return;
        }
        metrics.written(sink, records.size());
    }

    private <V> void writeAlone(Indexed<V> record, Consumer<List<Indexed<V>>> statements) {
        try {
            transactions.executeWithoutResult(status -> statements.accept(List.of(record)));
            metrics.written(sink, 1);
        } catch (DataIntegrityViolationException e) {
            skip(record.record(), "refused", e.getMostSpecificCause().getMessage());
        } catch (RuntimeException e) {
            throw SinkFailure.ofRecord(sink, record.index(), e);
        }
    }

    void skip(ConsumerRecord<String, ?> record, String reason, String detail) {
        metrics.skipped(sink, reason);
        log.error("sink {} skips {}-{}@{} key {} ({}): {}", sink, record.topic(), record.partition(),
                record.offset(), record.key(), reason, detail);
    }
}
