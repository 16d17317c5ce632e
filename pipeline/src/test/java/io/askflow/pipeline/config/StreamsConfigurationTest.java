package io.askflow.pipeline.config;

import io.askflow.core.topic.TopicProperties;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.dedup.StoreType;
import io.askflow.pipeline.streams.StreamsProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaStreamsConfiguration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Streams settings the pipeline derives, as Kafka Streams hands them to its clients. */
class StreamsConfigurationTest {

    @Test
    void shouldGiveTheStreamsTransactionsHalfAMinuteUnlessConfigured() {
        assertThat(producerTransactionTimeout(Map.of())).isEqualTo(30_000);
        assertThat(producerTransactionTimeout(Map.of("transaction.timeout.ms", "120000"))).isEqualTo("120000");
        assertThat(producerTransactionTimeout(Map.of("producer.transaction.timeout.ms", "30000"))).isEqualTo("30000");
    }

    @Test
    void shouldDeadLetterRecordsThatCannotBeProcessedAndGoOn() {
        StreamsConfig config = streamsConfig(Map.of());

        assertThat(config.getClass(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LogAndContinueProcessingExceptionHandler.class);
        assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo(Topics.PIPELINE_DEAD_LETTER.name());
    }

    /** What the Streams producers get, with {@code properties} as {@code spring.kafka.streams.properties.*}. */
    private static Object producerTransactionTimeout(Map<String, String> properties) {
        return streamsConfig(properties).getProducerConfigs("client").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    }

    private static StreamsConfig streamsConfig(Map<String, String> properties) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.getStreams().getProperties().putAll(properties);
        StreamsProperties streams = new StreamsProperties("app", "exactly_once_v2", null, 1, StoreType.ROCKS_DB, null,
                StreamThreadExceptionResponse.REPLACE_THREAD, Duration.ofSeconds(10), true, 3, Duration.ofMinutes(10));
        KafkaStreamsConfiguration config = new StreamsConfiguration().defaultKafkaStreamsConfig(kafka,
                () -> List.of("localhost:9092"), streams, TopicProperties.singleBroker(6),
                StreamsStateDirectory.configured(Path.of("unused")));
        return new StreamsConfig(config.asProperties());
    }
}
