package io.askflow.core.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The job store, for the roles that write jobs (api and pipeline); the schema is core's db/migration. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean
    JobStore jobStore(JdbcTemplate jdbc) {
        return new JobStore(jdbc);
    }
}
