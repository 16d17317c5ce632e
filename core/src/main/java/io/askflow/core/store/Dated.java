package io.askflow.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A message and the time its row change happens: the message's own time, or, when it has none, the time of the
 * Kafka record that carried it.
 *
 * @param value the message
 * @param at    when the change happens
 */
public record Dated<V>(V value, Instant at) {

    public Dated {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(at, "at");
    }
}
