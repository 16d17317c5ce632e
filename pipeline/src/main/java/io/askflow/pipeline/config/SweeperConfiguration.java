package io.askflow.pipeline.config;

import io.askflow.core.job.JobEvent;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.schedule.Periodic;
import io.askflow.pipeline.sweep.StuckJobSweeper;
import io.askflow.pipeline.sweep.SweeperProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The sweeper of stuck jobs with a producer of its own for the job events it publishes (idempotent, acks from
 * every in-sync replica). Off with {@code askflow.sweeper.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SweeperProperties.class)
@ConditionalOnBooleanProperty(name = "askflow.sweeper.enabled", matchIfMissing = true)
class SweeperConfiguration {

    @Bean
    Periodic stuckJobSweeps(StuckJobSweeper sweeper, SweeperProperties properties) {
        return new Periodic("askflow-sweeper", properties.interval(), sweeper::sweepOnce);
    }

    @Bean
    StuckJobSweeper stuckJobSweeper(SweeperProperties properties, KafkaProperties kafka, DataSource dataSource,
                                    MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "askflow-sweeper");
        KafkaProducer<String, JobEvent> producer = new KafkaProducer<>(config,
                Topics.JOB_EVENTS.keySerde().serializer(), Topics.JOB_EVENTS.valueSerde().serializer());
        return new StuckJobSweeper(properties, new JdbcTemplate(dataSource),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)), producer, Topics.JOB_EVENTS.name(),
                Clock.systemUTC(), registry);
    }
}
