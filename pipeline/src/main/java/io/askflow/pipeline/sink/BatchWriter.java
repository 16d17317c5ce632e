package io.askflow.pipeline.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * counted, never retried), then write the rest in one transaction. When PostgreSQL refuses the
 * batch's data ({@link DataIntegrityViolationException}: a NUL byte, a too long value, a broken
 * reference), the records are written one by one, each in its own transaction, and only the
 * refused ones are logged and skipped: retrying them could never succeed. Every other exception
 * (PostgreSQL unreachable, ...) propagates to the listener's error handler.
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
        } catch (DataIntegrityViolationException e) {
            log.warn("sink {}: PostgreSQL refused a batch of {} records ({}), writing them one by one", sink,
                    records.size(), e.getMostSpecificCause().getMessage());
            records.forEach(record -> writeAlone(record, statements));
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
        }
    }

    void skip(ConsumerRecord<String, ?> record, String reason, String detail) {
        metrics.skipped(sink, reason);
        log.error("sink {} skips {}-{}@{} key {} ({}): {}", sink, record.topic(), record.partition(),
                record.offset(), record.key(), reason, detail);
    }
}
