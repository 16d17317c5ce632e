package io.askflow.api.usage;

import io.askflow.api.replica.ReadRoute;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Token and GPU-time accounting per tenant and UTC day, from {@code runs} (their {@code tenant}, written by the
 * pipeline's runs sink) and {@code run_steps}; GPU seconds are the steps' {@code duration_ms} summed. Reads by the
 * index {@code runs_tenant_started} (V5), on the replica when one is configured and usable.
 */
@Repository
public class UsageQueries {

    private final ReadRoute route;

    public UsageQueries(ReadRoute route) {
        this.route = route;
    }

    /** The days from {@code from} to {@code to} (both included) with runs of {@code tenant}. */
    public List<UsageView.Day> days(String tenant, LocalDate from, LocalDate to) {
        return route.read(jdbc -> jdbc.sql("""
                        select (r.started_at at time zone 'UTC')::date as day, count(distinct r.id) as runs,
                               coalesce(sum(s.prompt_tokens), 0) as prompt, coalesce(sum(s.completion_tokens), 0) as completion,
                               coalesce(sum(s.duration_ms), 0) as duration_ms
                        from runs r left join run_steps s on s.run_id = r.id
                        where r.tenant = ? and r.started_at >= ? and r.started_at < ?
                        group by 1 order by 1
                        """)
                .params(tenant, start(from), start(to.plusDays(1)))
                .query((rs, n) -> new UsageView.Day(rs.getObject("day", LocalDate.class),
                        new UsageView.Totals(rs.getLong("runs"), rs.getLong("prompt"), rs.getLong("completion"),
                                rs.getLong("duration_ms") / 1000.0)))
                .list());
    }

    private static Timestamp start(LocalDate day) {
        return Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
