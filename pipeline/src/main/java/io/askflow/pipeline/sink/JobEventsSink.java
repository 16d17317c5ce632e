package io.askflow.pipeline.sink;

import io.askflow.core.job.JobEvent;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code askflow.job-events} -> {@code jobs} and {@code job_history}, through the {@link JobStore}: an event
 * changes its job only when the job lifecycle allows the move from the row's status (so a COMPLETED answer never
 * changes, and a redelivered event changes nothing); each applied change adds its history row.
 *
 * <p>An event whose job has no row yet is not lost: the records before it are written, and it is
 * handed to the error handler as a {@link SinkFailure.JobRowMissing} (caused by
 * {@link MissingJobException}), which commits the offsets before it and polls it again with back-off
 * for up to {@code askflow.pipeline.sink.missing-job-max-wait} (the row comes from the API or from
 * {@link JobsSink}, whose consumer may lag behind this one).
 */
public final class JobEventsSink {

    static final String NAME = "job-events";

    private final JobStore store;
    private final BatchWriter writer;

    public JobEventsSink(JobStore store, TransactionTemplate transactions, SinkMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.writer = new BatchWriter(NAME, transactions, metrics);
    }

    /** Writes one polled batch up to the first event whose job has no row yet. */
    public void write(List<ConsumerRecord<String, JobEvent>> records) {
        List<BatchWriter.Indexed<JobEvent>> events = writer.usable(records, JobEventsSink::problem);
        Set<UUID> existing = store.existing(events.stream().map(e -> e.value().jobId()).collect(Collectors.toSet()));
        int firstMissing = events.size();
        for (int i = 0; i < events.size(); i++) {
            if (!existing.contains(events.get(i).value().jobId())) {
                firstMissing = i;
                break;
            }
        }
        writer.write(events.subList(0, firstMissing), JobEvent::jobId,
                batch -> store.apply(batch.stream().map(JobEventsSink::dated).toList()));
        if (firstMissing < events.size()) {
            BatchWriter.Indexed<JobEvent> missing = events.get(firstMissing);
            throw new SinkFailure.JobRowMissing(missing.value().jobId(), missing.index());
        }
    }

    private static String problem(JobEvent event) {
        return event.jobId() == null || event.status() == null ? "a job event needs a job id and a status" : null;
    }

    private static Dated<JobEvent> dated(BatchWriter.Indexed<JobEvent> indexed) {
        JobEvent event = indexed.value();
        return new Dated<>(event, event.at() != null ? event.at() : Instant.ofEpochMilli(indexed.record().timestamp()));
    }
}
