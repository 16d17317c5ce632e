package io.askflow.api.limit;

import io.askflow.core.job.JobSubmitted;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue quota: a tenant may have at most its {@code max_queued_jobs} (default
 * {@code askflow.limits.max-queued-jobs}) jobs QUEUED or RUNNING; one more is refused before anything of it is
 * stored ({@link QueueQuotaExceededException}, a 429). A job answered from the cache at the submit is never
 * refused: it is COMPLETED at once and costs no GPU.
 *
 * <p>The open jobs are counted in PostgreSQL on the partial index {@code jobs_tenant_open}, and an instance trusts
 * its count for {@code askflow.limits.queue-count-cache} (at most 1 s), adding the jobs it admits meanwhile. The
 * bound is so exact on one instance and may be passed by what other instances admit within that second. Called in
 * the transaction that stores the job, so the count is read on its connection.
 */
@Component
public class QueueQuota {

    private final JdbcClient jdbc;
    private final TenantLimits limits;
    private final LimitsProperties properties;
    private final Clock clock;
    private final Map<String, OpenJobs> counts = new ConcurrentHashMap<>();

    public QueueQuota(JdbcClient jdbc, TenantLimits limits, LimitsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Counts the job in, or refuses it.
     *
     * @throws QueueQuotaExceededException when its tenant has as many open jobs as it may
     */
    public void admit(JobSubmitted job) {
        if (job.answeredFromCache() != null) {
            return;
        }
        String tenant = job.tenant();
        int max = limits.of(tenant).maxQueuedJobs();
        Instant now = clock.instant();
        OpenJobs open = counts.compute(tenant, (t, known) -> known == null || !now.isBefore(known.until())
                ? new OpenJobs(count(t), now.plus(properties.queueCountCache())) : known);
        if (!open.tryAdd(max)) {
            throw new QueueQuotaExceededException(tenant, max);
        }
    }

    private long count(String tenant) {
        return jdbc.sql("select count(*) from jobs where tenant = ? and status in ('QUEUED', 'RUNNING')")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    /** A tenant's open jobs as last counted, plus those admitted since, until the count is read again. */
    private static final class OpenJobs {

        private final Instant until;
        private long open;

        OpenJobs(long open, Instant until) {
            this.open = open;
            this.until = until;
        }

        Instant until() {
            return until;
        }

        synchronized boolean tryAdd(int max) {
            if (open >= max) {
                return false;
            }
            open++;
            return true;
        }
    }
}
