package io.askflow.workers;

import io.askflow.core.topic.TopicsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The Askflow workers: a Kafka consumer group that runs agent chains on Ollama hosts. Runs as its own
 * process ({@code java -jar askflow-workers-VERSION-exec.jar}) or in-process beside the API and the
 * pipeline (infra/dev, infra/bench, with {@code SpringApplicationBuilder}); it keeps no static state.
 * The workers use no database: on a classpath shared with the pipeline and the API, the JDBC and Flyway
 * auto-configurations stay off here, so a workers context opens no connection pool and migrates nothing.
 */
@SpringBootApplication(excludeName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@ConfigurationPropertiesScan
@Import(TopicsConfiguration.class)
public class WorkersApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkersApplication.class, args);
    }
}
