package io.askflow.core.store;

import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.tenant.Tenants;
import io.askflow.core.webhook.WebhookSigner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.askflow.core.store.SqlValues.text;
import static io.askflow.core.store.SqlValues.time;
import static io.askflow.core.store.SqlValues.uuid;

/**
 * The one writer of {@code webhook_endpoints}: receivers registered once, each with its own signing secret
 * ({@link WebhookSigner#newSecret()}). A rotation gives the endpoint a new secret and keeps the old one signing
 * beside it for a grace period ({@link Endpoint#signingSecrets}); an endpoint that answers 410 Gone is disabled
 * and gets no more deliveries. Deleting an endpoint deletes its deliveries and their attempts (the schema
 * cascades). Each method is one statement; the caller may wrap several in a transaction.
 */
public final class WebhookEndpointStore {

    private static final String COLUMNS = "id, url, events, secret, previous_secret, previous_secret_expires_at,"
            + " description, disabled_at, disabled_reason, created_at, updated_at";

    private final JdbcTemplate jdbc;

    public WebhookEndpointStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * A registered receiver.
     *
     * @param id                      the endpoint's id
     * @param url                     where deliveries go
     * @param events                  the events it receives, never empty
     * @param secret                  its signing secret ({@code whsec_...})
     * @param previousSecret          the secret before the last rotation, signing beside {@code secret} until
     *                                {@code previousSecretExpiresAt}; {@code null} when there is none
     * @param previousSecretExpiresAt the end of the rotation's grace period, or {@code null}
     * @param description             the caller's words, or {@code null}
     * @param disabledAt              when it was disabled (it answered 410 Gone), or {@code null} while active
     * @param disabledReason          why, or {@code null}
     * @param createdAt               when it was registered
     * @param updatedAt               its last change
     */
    public record Endpoint(UUID id, String url, Set<JobEventType> events, String secret, String previousSecret,
                           Instant previousSecretExpiresAt, String description, Instant disabledAt,
                           String disabledReason, Instant createdAt, Instant updatedAt) {

        public Endpoint {
            events = Set.copyOf(events);
        }

        /** The secrets that sign a delivery at {@code now}: the current one, then the previous one in its grace period. */
        public List<String> signingSecrets(Instant now) {
            List<String> secrets = new ArrayList<>(2);
            secrets.add(secret);
            if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
                secrets.add(previousSecret);
            }
            return List.copyOf(secrets);
        }

        /** Whether it still receives deliveries. */
        public boolean active() {
            return disabledAt == null;
        }

        /** Whether it receives {@code type}. */
        public boolean wants(JobEventType type) {
            return events.contains(type);
        }

        /** Without the secrets, so that a logged endpoint leaks nothing. */
        @Override
        public String toString() {
            return "Endpoint[id=" + id + ", url=" + url + ", events=" + wireNames(events) + ", description="
                    + description + ", disabledAt=" + disabledAt + ", disabledReason=" + disabledReason
                    + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
        }
    }

    /**
     * Registers a receiver with a new id and a new signing secret.
     *
     * @param events the events it receives; {@code null} or empty: {@link JobWebhook#DEFAULT_EVENTS} (the job's end)
     */
    public Endpoint create(String url, Set<JobEventType> events, String description, Instant now) {
        return create(Tenants.DEFAULT, url, events, description, now);
    }

    /**
     * Registers a receiver of {@code tenant} with a new id and a new signing secret: only that tenant sees it
     * ({@link #list(String)}, {@link #find(UUID, String)}, ...).
     *
     * @param events the events it receives; {@code null} or empty: {@link JobWebhook#DEFAULT_EVENTS} (the job's end)
     */
    public Endpoint create(String tenant, String url, Set<JobEventType> events, String description, Instant now) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(url, "url");
        Set<JobEventType> wanted = events == null || events.isEmpty() ? JobWebhook.DEFAULT_EVENTS : events;
        UUID id = UUID.randomUUID();
        jdbc.update("insert into webhook_endpoints (id, url, events, secret, description, created_at, updated_at,"
                        + " tenant) values (?, ?, ?, ?, ?, ?, ?, ?)", uuid(id), text(url), text(wireNames(wanted)),
                text(WebhookSigner.newSecret()), text(description), time(now), time(now), text(tenant));
        return find(id).orElseThrow();
    }

    /** The endpoints of {@code tenant}, active or disabled, oldest first. */
    public List<Endpoint> list(String tenant) {
        return jdbc.query("select " + COLUMNS + " from webhook_endpoints where tenant = ? order by created_at, id",
                MAPPER, text(tenant));
    }

    /** The endpoint {@code id} when it is {@code tenant}'s, else empty (whether another tenant's or none at all). */
    public Optional<Endpoint> find(UUID id, String tenant) {
        return jdbc.query("select " + COLUMNS + " from webhook_endpoints where id = ? and tenant = ?", MAPPER,
                uuid(id), text(tenant)).stream().findFirst();
    }

    /** {@link #rotate(UUID, Duration, Instant)} of {@code tenant}'s endpoint; empty when it is not {@code tenant}'s. */
    public Optional<Endpoint> rotate(UUID id, String tenant, Duration grace, Instant now) {
        return find(id, tenant).isEmpty() ? Optional.empty() : rotate(id, grace, now);
    }

    /** {@link #delete(UUID)} of {@code tenant}'s endpoint; {@code false} when it is not {@code tenant}'s. */
    public boolean delete(UUID id, String tenant) {
        return jdbc.update("delete from webhook_endpoints where id = ? and tenant = ?", uuid(id), text(tenant)) > 0;
    }

    /** Every endpoint, active or disabled, oldest first. */
    public List<Endpoint> list() {
        return jdbc.query("select " + COLUMNS + " from webhook_endpoints order by created_at, id", MAPPER);
    }

    /** The endpoint {@code id}, or empty. */
    public Optional<Endpoint> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from webhook_endpoints where id = ?", MAPPER, uuid(id)).stream()
                .findFirst();
    }

    /**
     * Gives the endpoint a new secret; the current one becomes the previous secret and keeps signing until
     * {@code now + grace} (a previous secret still in its grace period is dropped: two secrets at most).
     *
     * @return the endpoint with its new secret, or empty when there is no such endpoint
     */
    public Optional<Endpoint> rotate(UUID id, Duration grace, Instant now) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("a rotation's grace period must not be negative, was " + grace);
        }
        int changed = jdbc.update("update webhook_endpoints set previous_secret = secret, secret = ?,"
                        + " previous_secret_expires_at = ?, updated_at = ? where id = ?",
                text(WebhookSigner.newSecret()), time(now.plus(grace)), time(now), uuid(id));
        return changed == 0 ? Optional.empty() : find(id);
    }

    /** Deletes the endpoint with its deliveries and their attempts; {@code false} when there was none. */
    public boolean delete(UUID id) {
        return jdbc.update("delete from webhook_endpoints where id = ?", uuid(id)) > 0;
    }

    /** Stops deliveries to the endpoint (it answered 410 Gone); a disabled endpoint keeps its first reason. */
    public void disable(UUID id, String reason, Instant now) {
        jdbc.update("update webhook_endpoints set disabled_at = ?, disabled_reason = ?, updated_at = ?"
                + " where id = ? and disabled_at is null", time(now), text(reason), time(now), uuid(id));
    }

    /**
     * Lets a disabled endpoint receive deliveries again (deliveries already failed stay failed until redelivered).
     *
     * @return the endpoint, or empty when there is no such endpoint
     */
    public Optional<Endpoint> enable(UUID id, Instant now) {
        int changed = jdbc.update("update webhook_endpoints set disabled_at = null, disabled_reason = null,"
                + " updated_at = ? where id = ?", time(now), uuid(id));
        return changed == 0 ? Optional.empty() : find(id);
    }

    /**
     * The active endpoints of {@code tenant} that receive {@code type}, oldest first: the receivers of an event of one
     * of that tenant's jobs (an endpoint never hears of another tenant's jobs).
     */
    public List<Endpoint> activeFor(JobEventType type, String tenant) {
        return jdbc.query("select " + COLUMNS + " from webhook_endpoints where disabled_at is null and tenant = ?"
                        + " and ? = any(string_to_array(events, ',')) order by created_at, id", MAPPER,
                text(tenant), text(type.wireName()));
    }

    /** Comma-separated wire names, sorted: the form of {@code webhook_endpoints.events} and {@code jobs.webhook_events}. */
    static String wireNames(Set<JobEventType> events) {
        return events.stream().map(JobEventType::wireName).sorted().collect(Collectors.joining(","));
    }

    /** The events named in a comma-separated list of wire names; unknown names are ignored. */
    public static Set<JobEventType> events(String wireNames) {
        Set<JobEventType> events = EnumSet.noneOf(JobEventType.class);
        if (wireNames != null) {
            Arrays.stream(wireNames.split(",")).map(String::strip).map(JobEventType::named)
                    .flatMap(Optional::stream).forEach(events::add);
        }
        return events;
    }

    private static final RowMapper<Endpoint> MAPPER = WebhookEndpointStore::endpoint;

    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        return new Endpoint(rs.getObject("id", UUID.class), rs.getString("url"), events(rs.getString("events")),
                rs.getString("secret"), rs.getString("previous_secret"), instant(rs, "previous_secret_expires_at"),
                rs.getString("description"), instant(rs, "disabled_at"), rs.getString("disabled_reason"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
