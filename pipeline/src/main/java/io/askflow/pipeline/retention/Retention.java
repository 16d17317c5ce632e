package io.askflow.pipeline.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deletes what is older than its retention, so the tables stop growing (a pass, {@link #runOnce}, every
 * {@code interval} by a {@code Periodic}): jobs that ended more than
 * {@code askflow.retention.jobs} ago, with their history and webhook deliveries (by the schema's cascades), then the
 * runs that answered none of the jobs left, with their steps. Each transaction deletes at most {@code batch-size}
 * jobs it has locked ({@code for update skip locked}: instances running beside each other take different rows,
 * and no transaction holds many locks for long); a pass stops after {@code max-batches} or when nothing is left.
 * With {@code archive-dir}, the jobs of each transaction are written to the archive before they are deleted
 * ({@link JobArchive}).
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private static final String DOOMED_JOBS = """
            select id from jobs where completed_at < ? order by completed_at limit ? for update skip locked
            """;

    private static final String DELETE_RUNS = """
            delete from runs where id in (
                select r.id from runs r
                where r.finished_at < ? and not exists (select 1 from jobs j where j.run_id = r.id)
                order by r.finished_at limit ? for update skip locked)
            """;

    private final RetentionProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JobArchive archive;
    private final Clock clock;
    private final Counter jobsDeleted;
    private final Counter runsDeleted;

    public Retention(RetentionProperties properties, JdbcTemplate jdbc, TransactionTemplate transactions,
                     Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.archive = properties.archiveDir() == null ? null : new JobArchive(properties.archiveDir(), jdbc);
        this.clock = clock;
        this.jobsDeleted = deleted(registry, "jobs");
        this.runsDeleted = deleted(registry, "runs");
    }

    private static Counter deleted(MeterRegistry registry, String table) {
        return Counter.builder("askflow.retention.deleted").description("Rows deleted past their retention")
                .tag("table", table).register(registry);
    }

    /** What one pass deleted. */
    public record Pass(long jobs, long runs) {
    }

    /** One pass: jobs, then runs, each at most {@code max-batches} transactions. */
    public Pass runOnce() {
        Instant cutoff = clock.instant().minus(properties.jobs());
        long jobs = 0;
        for (int batch = 0; batch < properties.maxBatches(); batch++) {
            Integer deleted = transactions.execute(tx -> deleteJobs(cutoff));
            jobs += deleted == null ? 0 : deleted;
            if (deleted == null || deleted < properties.batchSize()) {
                break;
            }
        }
        long runs = 0;
        for (int batch = 0; batch < properties.maxBatches(); batch++) {
            int deleted = jdbc.update(DELETE_RUNS, Timestamp.from(cutoff), properties.batchSize());
            runs += deleted;
            if (deleted < properties.batchSize()) {
                break;
            }
        }
        jobsDeleted.increment(jobs);
        runsDeleted.increment(runs);
        if (jobs + runs > 0) {
            log.info("retention: deleted {} job(s) and {} run(s) that ended before {}{}", jobs, runs, cutoff,
                    archive == null ? "" : " (archived in " + properties.archiveDir() + ")");
        }
        return new Pass(jobs, runs);
    }

    private int deleteJobs(Instant cutoff) {
        List<UUID> ids = jdbc.queryForList(DOOMED_JOBS, UUID.class, Timestamp.from(cutoff),
                properties.batchSize());
        if (ids.isEmpty()) {
            return 0;
        }
        if (archive != null) {
            archive.write(ids, clock.instant());
        }
        return jdbc.update("delete from jobs where id = any(?)", (Object) ids.toArray(UUID[]::new));
    }
}
