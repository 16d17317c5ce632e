package io.askflow.core.topic;

import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values.
 *
 * @param name       the topic's name
 * @param keySerde   how keys are written
 * @param valueSerde how values are written
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
