package io.askflow.pipeline.config;

import io.askflow.pipeline.retention.Retention;
import io.askflow.pipeline.schedule.Periodic;
import io.askflow.pipeline.retention.RetentionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;

/** Retention of ended jobs and runs. Off with {@code askflow.retention.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionProperties.class)
@ConditionalOnBooleanProperty(name = "askflow.retention.enabled", matchIfMissing = true)
class RetentionConfiguration {

    @Bean
    Periodic retentionPasses(Retention retention, RetentionProperties properties) {
        return new Periodic("askflow-retention", properties.interval(), retention::runOnce);
    }

    @Bean
    Retention retention(RetentionProperties properties, DataSource dataSource, MeterRegistry registry) {
        return new Retention(properties, new JdbcTemplate(dataSource),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)), Clock.systemUTC(), registry);
    }
}
