package io.askflow.api.stats;

import io.askflow.core.job.JobSource;
import org.postgresql.util.PGInterval;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's figures, read from PostgreSQL with bounded, indexed queries: the jobs that ended in the window from
 * {@code jobs_completed_at} (a range of the index, however many jobs the table holds), the runs' tokens from
 * {@code runs_finished_at} or {@code runs_tenant_finished_at}, the queue from the partial index
 * {@code jobs_tenant_open}. A tenant's figures filter the window's rows by tenant; every tenant's ({@link #ALL})
 * take them all.
 */
@Repository
public class StatsQueries {

    /** The scope of every tenant's jobs (an admin's). */
    public static final String ALL = "*";

    private final JdbcClient jdbc;

    public StatsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The window {@code [to - window, to)} in buckets of {@code bucket}, and the queue now. */
    public StatsView stats(String scope, Instant to, Duration window, Duration bucket) {
        Instant from = to.minus(window);
        int count = (int) ((window.toSeconds() + bucket.toSeconds() - 1) / bucket.toSeconds());
        List<Ends> ends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ends.add(new Ends());
        }
        Ends total = new Ends();
        readEnds(scope, from, to, bucket, ends, total);
        readLatencies(scope, from, to, bucket, ends, total);
        readTokens(scope, from, to, bucket, ends, total);
        List<StatsView.Bucket> buckets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Ends e = ends.get(i);
            buckets.add(new StatsView.Bucket(from.plus(bucket.multipliedBy(i)), e.of(JobSource.LLM),
                    e.of(JobSource.CACHE), e.of(JobSource.COALESCED), e.failed, e.p50, e.p95, e.tokens));
        }
        long completed = total.completed();
        StatsView.Totals totals = new StatsView.Totals(completed, total.failed, total.of(JobSource.LLM),
                total.of(JobSource.CACHE), total.of(JobSource.COALESCED),
                completed == 0 ? null : (double) total.of(JobSource.CACHE) / completed, total.p50, total.p95,
                total.tokens, (double) total.tokens / window.toSeconds());
        return new StatsView(scope, from, to, bucket.toSeconds(), buckets, totals, queue(scope));
    }

    /** The jobs that ended, per bucket, status and source. */
    private void readEnds(String scope, Instant from, Instant to, Duration bucket, List<Ends> ends, Ends total) {
        jdbc.sql("""
                        select floor(extract(epoch from completed_at - ?) / ?)::int as bucket, status, source,
                               count(*) as jobs
                        from jobs
                        where completed_at >= ? and completed_at < ?""" + tenantFilter(scope) + """
                         group by 1, 2, 3
                        """)
                .params(params(scope, Timestamp.from(from), bucket.toSeconds(), Timestamp.from(from),
                        Timestamp.from(to)))
                .query((ResultSet rs) -> {
                    Ends bucketEnds = at(ends, rs.getInt("bucket"));
                    if (bucketEnds != null) {
                        bucketEnds.add(rs.getString("status"), rs.getString("source"), rs.getLong("jobs"));
                        total.add(rs.getString("status"), rs.getString("source"), rs.getLong("jobs"));
                    }
                });
    }

    /** Submit to COMPLETED, per bucket and for the whole window (the grouping set with no bucket). */
    private void readLatencies(String scope, Instant from, Instant to, Duration bucket, List<Ends> ends,
                               Ends total) {
        jdbc.sql("""
                        select floor(extract(epoch from completed_at - ?) / ?)::int as bucket,
                               percentile_disc(0.5) within group (order by completed_at - submitted_at) as p50,
                               percentile_disc(0.95) within group (order by completed_at - submitted_at) as p95
                        from jobs
                        where completed_at >= ? and completed_at < ? and status = 'COMPLETED'"""
                        + tenantFilter(scope) + """
                         group by grouping sets ((1), ())
                        """)
                .params(params(scope, Timestamp.from(from), bucket.toSeconds(), Timestamp.from(from),
                        Timestamp.from(to)))
                .query((ResultSet rs) -> {
                    Ends target = rs.getObject("bucket") == null ? total : at(ends, rs.getInt("bucket"));
                    if (target != null) {
                        target.p50 = millis(rs.getObject("p50"));
                        target.p95 = millis(rs.getObject("p95"));
                    }
                });
    }

    private static Ends at(List<Ends> ends, int index) {
        return index >= 0 && index < ends.size() ? ends.get(index) : null;
    }

    private static Long millis(Object interval) {
        if (!(interval instanceof PGInterval pg)) {
            return null;
        }
        double seconds = ((pg.getDays() * 24.0 + pg.getHours()) * 60 + pg.getMinutes()) * 60 + pg.getSeconds();
        return Math.round(seconds * 1000);
    }

    /** The tokens of the runs that finished, per bucket. */
    private void readTokens(String scope, Instant from, Instant to, Duration bucket, List<Ends> ends, Ends total) {
        jdbc.sql("""
                        select floor(extract(epoch from finished_at - ?) / ?)::int as bucket,
                               coalesce(sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)), 0) as tokens
                        from runs
                        where finished_at >= ? and finished_at < ?""" + tenantFilter(scope) + """
                         group by 1
                        """)
                .params(params(scope, Timestamp.from(from), bucket.toSeconds(), Timestamp.from(from),
                        Timestamp.from(to)))
                .query((ResultSet rs) -> {
                    Ends bucketEnds = at(ends, rs.getInt("bucket"));
                    if (bucketEnds != null) {
                        bucketEnds.tokens += rs.getLong("tokens");
                        total.tokens += rs.getLong("tokens");
                    }
                });
    }

    private StatsView.Queue queue(String scope) {
        Map<String, Long> open = new HashMap<>();
        jdbc.sql("select status, count(*) as jobs from jobs where status in ('QUEUED', 'RUNNING')"
                        + tenantFilter(scope) + " group by status")
                .params(params(scope))
                .query((ResultSet rs) -> {
                    open.put(rs.getString("status"), rs.getLong("jobs"));
                });
        return new StatsView.Queue(open.getOrDefault("QUEUED", 0L), open.getOrDefault("RUNNING", 0L));
    }

    private static String tenantFilter(String scope) {
        return ALL.equals(scope) ? "" : " and tenant = ?";
    }

    private static List<Object> params(String scope, Object... values) {
        List<Object> params = new ArrayList<>(List.of(values));
        if (!ALL.equals(scope)) {
            params.add(scope);
        }
        return params;
    }

    /** The ends counted in one bucket (or the whole window). */
    private static final class Ends {
        private final Map<JobSource, Long> completed = new HashMap<>();
        private long failed;
        private long tokens;
        private Long p50;
        private Long p95;

        void add(String status, String source, long jobs) {
            if ("FAILED".equals(status)) {
                failed += jobs;
            } else {
                completed.merge(source == null ? JobSource.LLM : JobSource.valueOf(source), jobs, Long::sum);
            }
        }

        long of(JobSource source) {
            return completed.getOrDefault(source, 0L);
        }

        long completed() {
            return completed.values().stream().mapToLong(Long::longValue).sum();
        }

    }
}
