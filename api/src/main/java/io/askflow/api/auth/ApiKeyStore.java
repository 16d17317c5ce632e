package io.askflow.api.auth;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The table {@code api_keys} (schema: core's V4): keys by the SHA-256 of their text, never the text itself. The
 * api is its one writer: the admin API creates and revokes keys, start-up writes the bootstrap admin key.
 */
public class ApiKeyStore {

    private static final String COLUMNS = "id, tenant, name, key_prefix, admin, created_at, revoked_at";

    private final JdbcClient jdbc;

    public ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A stored key, without its hash.
     *
     * @param id        the key's id
     * @param tenant    the tenant it acts for
     * @param name      its holder's words (a service, a person)
     * @param prefix    the first characters of the key, to tell keys apart
     * @param admin     whether it may use the admin API and read every tenant's data
     * @param createdAt when it was created
     * @param revokedAt when it was revoked, or {@code null} while it is valid
     */
    public record StoredKey(UUID id, String tenant, String name, String prefix, boolean admin, Instant createdAt,
                            Instant revokedAt) {

        /** Whether the key is refused. */
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** Stores a key by its hash; the key's text is not kept. */
    public StoredKey create(String tenant, String name, String key, boolean admin, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into api_keys (id, tenant, name, key_hash, key_prefix, admin, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, tenant, name, ApiKeys.hash(key), ApiKeys.shownPrefix(key), admin, Timestamp.from(now))
                .update();
        return new StoredKey(id, tenant, name, ApiKeys.shownPrefix(key), admin, now, null);
    }

    /**
     * Stores the key unless a key with its hash exists (revoked or not): every instance may call it at its start, at
     * the same time, and one row results.
     *
     * @return whether this call stored it
     */
    public boolean createIfAbsent(String tenant, String name, String key, boolean admin, Instant now) {
        return jdbc.sql("insert into api_keys (id, tenant, name, key_hash, key_prefix, admin, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (key_hash) do nothing")
                .params(UUID.randomUUID(), tenant, name, ApiKeys.hash(key), ApiKeys.shownPrefix(key), admin,
                        Timestamp.from(now))
                .update() > 0;
    }

    /** The key whose SHA-256 is {@code hash}, revoked or not; empty when there is none. */
    public Optional<StoredKey> findByHash(String hash) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where key_hash = ?").param(hash)
                .query((rs, n) -> toKey(rs)).optional();
    }

    /** The key {@code id}, or empty. */
    public Optional<StoredKey> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where id = ?").param(id)
                .query((rs, n) -> toKey(rs)).optional();
    }

    /** The keys of {@code tenant} (every tenant's when {@code null}), oldest first. */
    public List<StoredKey> list(String tenant) {
        String where = tenant == null ? "" : " where tenant = ?";
        JdbcClient.StatementSpec statement = jdbc.sql("select " + COLUMNS + " from api_keys" + where
                + " order by created_at, id");
        if (tenant != null) {
            statement = statement.param(tenant);
        }
        return statement.query((rs, n) -> toKey(rs)).list();
    }

    /**
     * Revokes the key (a revoked key stays revoked: its first revocation time is kept).
     *
     * @return the key, or empty when there is none
     */
    public Optional<StoredKey> revoke(UUID id, Instant now) {
        jdbc.sql("update api_keys set revoked_at = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(now), id).update();
        return find(id);
    }

    private static StoredKey toKey(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new StoredKey(rs.getObject("id", UUID.class), rs.getString("tenant"), rs.getString("name"),
                rs.getString("key_prefix"), rs.getBoolean("admin"), rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
