package io.askflow.pipeline.sink;

import io.askflow.core.job.JobSubmitted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static io.askflow.pipeline.sink.SqlValues.int4;
import static io.askflow.pipeline.sink.SqlValues.json;
import static io.askflow.pipeline.sink.SqlValues.text;
import static io.askflow.pipeline.sink.SqlValues.time;
import static io.askflow.pipeline.sink.SqlValues.uuid;

/**
 * {@code askflow.jobs} -> {@code jobs}: inserts the job's row as QUEUED, with its first
 * {@code job_history} row, unless the row is there already. Normally the API has inserted it before
 * publishing; this covers every other path. A redelivery changes nothing.
 */
public final class JobsSink {

    static final String NAME = "jobs";

    private static final String INSERT = """
            with inserted as (
                insert into jobs (id, fingerprint, status, question, model, chain, chain_version, options,
                                  cache_mode, cache_ttl_seconds, metadata, submitted_at, updated_at)
                values (?, ?, 'QUEUED', ?, ?, ?, ?, cast(? as jsonb), ?, ?, cast(? as jsonb), ?, ?)
                on conflict (id) do nothing
                returning id, submitted_at
            )
            insert into job_history (job_id, status, at)
            select id, 'QUEUED', submitted_at from inserted
            on conflict do nothing
            """;

    private final JdbcTemplate jdbc;
    private final BatchWriter writer;

    public JobsSink(JdbcTemplate jdbc, TransactionTemplate transactions, SinkMetrics metrics) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.writer = new BatchWriter(NAME, transactions, metrics);
    }

    /** Writes one polled batch; see {@link BatchWriter} for what is skipped. */
    public void write(List<ConsumerRecord<String, JobSubmitted>> records) {
        writer.write(writer.usable(records, JobsSink::problem), JobSubmitted::jobId, this::insert);
    }

    private static String problem(JobSubmitted job) {
        if (job.jobId() == null || job.fingerprint() == null || job.request() == null) {
            return "a job needs an id, a fingerprint and a request";
        }
        return null;
    }

    private void insert(List<BatchWriter.Indexed<JobSubmitted>> jobs) {
        jdbc.batchUpdate(INSERT, jobs.stream().map(JobsSink::row).toList());
    }

    private static Object[] row(BatchWriter.Indexed<JobSubmitted> indexed) {
        JobSubmitted job = indexed.value();
        Instant submittedAt = job.submittedAt() != null ? job.submittedAt()
                : Instant.ofEpochMilli(indexed.record().timestamp());
        return new Object[] {uuid(job.jobId()), text(job.fingerprint()), text(job.request().question()),
                text(job.request().model()), text(job.request().chain()), text(job.request().chainVersion()),
                json(job.request().options()), text(job.cache().mode().name()), int4(job.cache().ttlSeconds()),
                json(job.metadata()), time(submittedAt), time(submittedAt)};
    }
}
