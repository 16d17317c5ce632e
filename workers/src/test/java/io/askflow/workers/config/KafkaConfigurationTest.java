package io.askflow.workers.config;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings of the task consumer that its polling loop and the pipeline's transactions rely on. */
class KafkaConfigurationTest {

    @Test
    void shouldReadOnlyTasksOfCommittedPipelineTransactions() {
        Map<String, Object> config = consumerConfig(20_000);

        assertThat(config)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    }

    @Test
    void shouldPollNoMoreRecordsThanTheReadAheadHolds() {
        assertThat(consumerConfig(0)).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        assertThat(consumerConfig(40)).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 40);
    }

    private static Map<String, Object> consumerConfig(int readAhead) {
        KafkaConnectionDetails connection = () -> List.of("localhost:9092");
        WorkersProperties workers = new WorkersProperties("llama3.2", 1024, Duration.ofMinutes(12), "askflow-workers",
                "worker-1", Duration.ofSeconds(30), Duration.ofMinutes(5), 256,
                new WorkersProperties.Checkpoints(true, Duration.ofHours(24), Duration.ofSeconds(5)), readAhead,
                Map.of(), Duration.ofMinutes(45));
        return new KafkaConfiguration()
                .agentTaskConsumerFactory(new KafkaProperties(), connection, workers).getConfigurationProperties();
    }
}
