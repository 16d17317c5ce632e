package io.askflow.testing.kafka;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft Kafka in a Docker container ({@code apache/kafka} image). Testcontainers
 * already sets replication factor 1, transaction-state min ISR 1 and no rebalance delay; this
 * class also turns automatic topic creation off, like {@link EmbeddedKafkaPart}.
 */
public final class ContainerKafkaPart implements KafkaPart {

    /** The image used unless told otherwise. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.2.1";

    private final KafkaContainer container;

    private ContainerKafkaPart(KafkaContainer container) {
        this.container = container;
    }

    /**
     * Starts a container; needs a Docker engine.
     *
     * @param image an {@code apache/kafka} image, for example {@value #DEFAULT_IMAGE}
     * @return the running container
     */
    public static ContainerKafkaPart start(String image) {
        KafkaLogging.quiet();
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1");
        container.start();
        return new ContainerKafkaPart(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Kafka container " + container.getDockerImageName() + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
