package io.askflow.core.topic;

import io.askflow.core.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/** A Kafka serde that writes a record as JSON with {@link Json#MAPPER}. */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : Json.MAPPER.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    private T read(String topic, byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a " + type.getSimpleName() + " from topic " + topic, e);
        }
    }
}
