package io.askflow.api.config;

import java.time.Duration;

/** {@link ApiProperties} for tests that build the API's classes by hand: the defaults of the README. */
public final class TestApiProperties {

    private TestApiProperties() {
    }

    /** The defaults of {@code application.yaml}: 16,000 characters for question, metadata and options, 1 MiB bodies. */
    public static ApiProperties defaults() {
        return withDefaultChain("answer");
    }

    /** The defaults, with another {@code askflow.api.default-chain}. */
    public static ApiProperties withDefaultChain(String defaultChain) {
        return new ApiProperties(16_000, 16_000, 16_000, 1_048_576, defaultChain, Duration.ofSeconds(5),
                Duration.ofSeconds(5), new ApiProperties.FastPath(true));
    }
}
