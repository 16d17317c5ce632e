package io.askflow.api.config;

import io.askflow.api.events.EventsExecutor;
import io.askflow.api.events.EventsProperties;
import io.askflow.api.events.JobEventFollower;
import io.askflow.api.events.JobEventHub;
import io.askflow.api.events.JobEventStreams;
import io.askflow.api.events.JobHistoryQueries;
import io.askflow.api.events.LongPolls;
import io.askflow.api.replica.ReadRoute;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Wiring of long-polls and event streams ({@code io.askflow.api.events}, {@code askflow.api.events.*}): the follower
 * of {@code askflow.job-events} and {@code askflow.task-progress} (one consumer thread per instance, no group), the
 * hub of waiters it feeds, the few threads that answer them, and the long-polls and streams.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
public class EventsConfiguration {

    @Bean
    JobEventHub jobEventHub(EventsProperties properties) {
        return new JobEventHub(properties.recentJobs());
    }

    @Bean
    EventsExecutor eventsExecutor(EventsProperties properties) {
        return new EventsExecutor(properties.threads());
    }

    @Bean
    JobEventFollower jobEventFollower(KafkaProperties kafka, JobEventHub hub, EventsProperties properties, Clock clock,
                                      MeterRegistry meters) {
        return new JobEventFollower(followerConsumers(kafka), hub, properties.replayOnStart(), clock, meters);
    }

    /**
     * The follower's consumer: Spring Boot's consumer settings (servers, security) without a group (it assigns itself
     * every partition and commits nothing), reading only committed transactions (the pipeline writes job events in
     * exactly-once transactions), never creating a topic.
     */
    static Supplier<Consumer<String, byte[]>> followerConsumers(KafkaProperties kafka) {
        return () -> {
            Map<String, Object> config = kafka.buildConsumerProperties();
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "askflow-api-events-" + UUID.randomUUID());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        };
    }

    @Bean
    JobHistoryQueries jobHistoryQueries(ReadRoute route) {
        return new JobHistoryQueries(route);
    }

    @Bean
    LongPolls longPolls(JobEventHub hub, EventsExecutor executor, EventsProperties properties, MeterRegistry meters) {
        return new LongPolls(hub, executor, properties, meters);
    }

    @Bean
    JobEventStreams jobEventStreams(JobEventHub hub, JobHistoryQueries history, EventsExecutor executor,
                                    EventsProperties properties, MeterRegistry meters) {
        return new JobEventStreams(hub, history, executor, properties, meters);
    }
}
