package io.askflow.core.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of Askflow's messages: ISO-8601 times, unknown fields ignored for forward compatibility. */
public final class Json {

    /** Thread-safe, shared mapper for messages on topics. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }
}
