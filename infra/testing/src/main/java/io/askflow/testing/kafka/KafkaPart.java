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

    /**
     * Whether {@link #stopBroker()} and {@link #startBroker()} work for this part.
     *
     * @return {@code true} for the embedded broker only
     */
    default boolean supportsBrokerRestart() {
        return false;
    }

    /**
     * Shuts the broker down but keeps its port and its log, so that {@link #startBroker()} brings
     * it back on the same address with every record it had: for tests of a broker restart.
     *
     * @throws UnsupportedOperationException when {@link #supportsBrokerRestart()} is false
     */
    default void stopBroker() {
        throw new UnsupportedOperationException(description()
                + " cannot be stopped and started again; only the embedded broker can (mode embedded)");
    }

    /**
     * Starts the broker again after {@link #stopBroker()}; returns once it serves clients.
     *
     * @throws UnsupportedOperationException when {@link #supportsBrokerRestart()} is false
     */
    default void startBroker() {
        throw new UnsupportedOperationException(description()
                + " cannot be stopped and started again; only the embedded broker can (mode embedded)");
    }
}
