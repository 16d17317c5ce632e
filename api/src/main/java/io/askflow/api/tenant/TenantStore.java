package io.askflow.api.tenant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/** The table {@code tenants} (schema: core's V4); the admin API is its one writer. */
public class TenantStore {

    private final JdbcClient jdbc;

    public TenantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new tenant.
     *
     * @return {@code false} when a tenant with its id exists already (nothing changed)
     */
    public boolean create(Tenant tenant) {
        try {
            return jdbc.sql("insert into tenants (id, name, shared_cache_scope, weight, requests_per_second,"
                            + " max_queued_jobs, created_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing")
                    .params(tenant.id(), tenant.name(), tenant.sharedCacheScope(), tenant.weight(),
                            tenant.requestsPerSecond(), tenant.maxQueuedJobs(), Timestamp.from(tenant.createdAt()))
                    .update() > 0;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Every tenant, by id. */
    public List<Tenant> list() {
        return jdbc.sql("select * from tenants order by id").query((rs, n) -> toTenant(rs)).list();
    }

    /** The tenant {@code id}, or empty. */
    public Optional<Tenant> find(String id) {
        return jdbc.sql("select * from tenants where id = ?").param(id).query((rs, n) -> toTenant(rs)).optional();
    }

    /** Replaces everything but the id and the creation time; {@code false} when there is no such tenant. */
    public boolean update(Tenant tenant) {
        return jdbc.sql("update tenants set name = ?, shared_cache_scope = ?, weight = ?, requests_per_second = ?,"
                        + " max_queued_jobs = ? where id = ?")
                .params(tenant.name(), tenant.sharedCacheScope(), tenant.weight(), tenant.requestsPerSecond(),
                        tenant.maxQueuedJobs(), tenant.id())
                .update() > 0;
    }

    private static Tenant toTenant(ResultSet rs) throws SQLException {
        return new Tenant(rs.getString("id"), rs.getString("name"), rs.getString("shared_cache_scope"),
                rs.getInt("weight"), (Integer) rs.getObject("requests_per_second"),
                (Integer) rs.getObject("max_queued_jobs"), rs.getTimestamp("created_at").toInstant());
    }
}
