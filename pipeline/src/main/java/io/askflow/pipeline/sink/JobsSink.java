package io.askflow.pipeline.sink;

import io.askflow.core.job.JobSubmitted;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code askflow.jobs} -> {@code jobs}: stores each job through the {@link JobStore} unless its row is there
 * already. Normally the API has stored it before publishing (ADR 1); this covers a job Kafka took whose row the API
 * could not commit. A redelivery changes nothing.
 */
public final class JobsSink {

    static final String NAME = "jobs";

    private final JobStore store;
    private final BatchWriter writer;

    public JobsSink(JobStore store, TransactionTemplate transactions, SinkMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.writer = new BatchWriter(NAME, transactions, metrics);
    }

    /** Writes one polled batch; see {@link BatchWriter} for what is skipped. */
    public void write(List<ConsumerRecord<String, JobSubmitted>> records) {
        writer.write(writer.usable(records, JobsSink::problem), JobSubmitted::jobId,
                jobs -> store.insert(jobs.stream().map(JobsSink::dated).toList()));
    }

    private static String problem(JobSubmitted job) {
        if (job.jobId() == null || job.fingerprint() == null || job.request() == null) {
            return "a job needs an id, a fingerprint and a request";
        }
        return null;
    }

    private static Dated<JobSubmitted> dated(BatchWriter.Indexed<JobSubmitted> indexed) {
        JobSubmitted job = indexed.value();
        return new Dated<>(job, job.submittedAt() != null ? job.submittedAt()
                : Instant.ofEpochMilli(indexed.record().timestamp()));
    }
}
