package io.askflow.api.config;

import com.zaxxer.hikari.HikariDataSource;
import io.askflow.api.replica.ReadRoute;
import io.askflow.api.replica.ReplicaMonitor;
import io.askflow.api.replica.ReplicaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;

/**
 * Wiring of the read replica ({@code askflow.replica.*}, ADR 18): without a URL every read goes to the primary; with
 * one, a pool of its own (never a {@code DataSource} bean: Spring Boot's primary pool, Flyway and every write stay as
 * they are), a monitor and the route the read queries take. Health contributor {@code replica}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaProperties.class)
public class ReplicaConfiguration {

    /** A monitor check's statements give up after this many seconds: a hanging replica is DOWN, not waited for. */
    static final int CHECK_QUERY_TIMEOUT_SECONDS = 2;

    @Bean
    ReadRoute readRoute(JdbcClient primary, JdbcTemplate primaryTemplate, ReplicaProperties replica,
                        DataSourceProperties datasource, MeterRegistry meters, Clock clock) {
        if (!replica.enabled()) {
            return ReadRoute.primaryOnly(primary, meters);
        }
        HikariDataSource pool = replicaPool(replica, datasource);
        JdbcTemplate reads = new JdbcTemplate(pool);
        reads.setQueryTimeout(primaryTemplate.getQueryTimeout());
        JdbcTemplate checks = new JdbcTemplate(pool);
        checks.setQueryTimeout(CHECK_QUERY_TIMEOUT_SECONDS);
        ReplicaMonitor monitor = new ReplicaMonitor(primary, JdbcClient.create(checks), replica.maxLag(),
                replica.checkInterval(), clock);
        return new ReadRoute(primary, JdbcClient.create(reads), monitor, pool, meters);
    }

    @Bean
    HealthIndicator replicaHealthIndicator(ReadRoute route) {
        return route::health;
    }

    /** The replica's pool: starts even when the replica is down (the monitor finds it later), fails fast. */
    static HikariDataSource replicaPool(ReplicaProperties replica, DataSourceProperties datasource) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("askflow-replica");
        pool.setJdbcUrl(replica.url());
        pool.setUsername(replica.username().isBlank() ? datasource.determineUsername() : replica.username());
        pool.setPassword(replica.password().isBlank() ? datasource.determinePassword() : replica.password());
        pool.setMaximumPoolSize(replica.maxPoolSize());
        pool.setConnectionTimeout(replica.connectTimeout().toMillis());
        pool.setInitializationFailTimeout(-1);
        pool.setReadOnly(true);
        pool.addDataSourceProperty("connectTimeout", Math.max(1, replica.connectTimeout().toSeconds()));
        pool.addDataSourceProperty("socketTimeout", 30);
        pool.addDataSourceProperty("ApplicationName", "askflow-api-reads");
        return pool;
    }
}
