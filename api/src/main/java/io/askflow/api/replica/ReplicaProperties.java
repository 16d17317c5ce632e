package io.askflow.api.replica;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * A PostgreSQL read replica for the API's reads ({@code askflow.replica.*}, ADR 18): polls, the job list, usage and
 * event-stream history read there while it is up and close behind the primary; writes always go to
 * {@code spring.datasource.*}.
 *
 * @param url             the replica's JDBC URL; empty (the default): no replica, every read goes to the primary
 * @param username        the replica's user; empty: {@code spring.datasource.username}
 * @param password        the replica's password; empty: {@code spring.datasource.password}
 * @param maxLag          the most the replica may be behind the primary (default 5 s); further behind, reads go to
 *                        the primary until it catches up
 * @param checkInterval   how often the replica's state and lag are checked (default 1 s)
 * @param maxPoolSize     connections to the replica (default 20)
 * @param connectTimeout  the longest a read waits for a replica connection (default 1 s) before it goes to the primary
 */
@Validated
@ConfigurationProperties("askflow.replica")
public record ReplicaProperties(@DefaultValue("") String url,
                                @DefaultValue("") String username,
                                @DefaultValue("") String password,
                                @DefaultValue("5s") @NotNull Duration maxLag,
                                @DefaultValue("1s") @NotNull Duration checkInterval,
                                @DefaultValue("20") @Min(1) int maxPoolSize,
                                @DefaultValue("1s") @NotNull Duration connectTimeout) {

    /** Whether a replica is configured. */
    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** Whether the durations are positive (the connect timeout at least Hikari's 250 ms). */
    @AssertTrue(message = "max-lag and check-interval must be positive, connect-timeout at least 250ms")
    public boolean isEachDurationInRange() {
        return (maxLag == null || maxLag.toMillis() > 0) && (checkInterval == null || checkInterval.toMillis() > 0)
                && (connectTimeout == null || connectTimeout.toMillis() >= 250);
    }
}
