package io.askflow.testing.kafka;

import io.askflow.testing.support.InfraPart;

/** A running Kafka cluster that clients reach through {@link #bootstrapServers()}. */
public interface KafkaPart extends InfraPart {

    /**
     * The {@code bootstrap.servers} value for clients.
     *
     * @return comma-separated {@code host:port} list
     */
    String bootstrapServers();
}
