package io.askflow.pipeline;

import io.askflow.core.topic.TopicsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The pipeline as a Spring Boot app: the answer topology (Kafka Streams), the PostgreSQL sinks, the
 * Flyway schema and Actuator (health with the Streams state, metrics, Prometheus). Core's
 * {@link TopicsConfiguration} declares every topic, so {@code KafkaAdmin} creates the missing ones
 * before Streams starts.
 */
@SpringBootApplication
@Import(TopicsConfiguration.class)
public class PipelineApplication {

    public static void main(String[] args) {
        SpringApplication.run(PipelineApplication.class, args);
    }
}
