package io.askflow.api.limit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's limits: its own {@code tenants.requests_per_second} and {@code tenants.max_queued_jobs} where set, the
 * deployment's defaults ({@link LimitsProperties}) otherwise. Read once per tenant and remembered for
 * {@code askflow.limits.tenant-cache}, so a request costs no query; a tenant without a row gets the defaults. When
 * PostgreSQL cannot be read the defaults apply (and are remembered as long), so a limit never fails a request.
 */
@Component
public class TenantLimits {

    private static final Logger log = LoggerFactory.getLogger(TenantLimits.class);

    private final JdbcClient jdbc;
    private final LimitsProperties properties;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public TenantLimits(JdbcClient jdbc, LimitsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The limits of {@code tenant}, at most {@code askflow.limits.tenant-cache} old. */
    public Limit of(String tenant) {
        Instant now = clock.instant();
        Remembered known = remembered.get(tenant);
        if (known != null && now.isBefore(known.until())) {
            return known.limit();
        }
        Limit limit = read(tenant);
        remembered.put(tenant, new Remembered(limit, now.plus(properties.tenantCache())));
        return limit;
    }

    private Limit read(String tenant) {
        try {
            return jdbc.sql("select requests_per_second, max_queued_jobs from tenants where id = ?")
                    .param(tenant)
                    .query((rs, row) -> limit((Integer) rs.getObject(1), (Integer) rs.getObject(2)))
                    .optional()
                    .orElseGet(() -> limit(null, null));
        } catch (DataAccessException e) {
            log.warn("tenant {} limits unreadable, the defaults apply for {}: {}", tenant, properties.tenantCache(),
                    e.toString());
            return limit(null, null);
        }
    }

    private Limit limit(Integer requestsPerSecond, Integer maxQueuedJobs) {
        int rate = requestsPerSecond == null || requestsPerSecond < 1 ? properties.requestsPerSecond() : requestsPerSecond;
        int queued = maxQueuedJobs == null || maxQueuedJobs < 0 ? properties.maxQueuedJobs() : maxQueuedJobs;
        return new Limit(rate, properties.burstFor(rate), queued);
    }

    /**
     * One tenant's limits.
     *
     * @param requestsPerSecond its sustained request rate
     * @param burst             the requests it may send at once
     * @param maxQueuedJobs     the jobs it may have QUEUED or RUNNING
     */
    public record Limit(int requestsPerSecond, int burst, int maxQueuedJobs) {
    }

    private record Remembered(Limit limit, Instant until) {
    }
}
