package io.askflow.core.chain;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaOptionsTest {

    @Test
    void shouldTakeValuesWithinTheRangesBoundsIncluded() {
        assertThat(OllamaOptions.expected("num_ctx", 1)).isEmpty();
        assertThat(OllamaOptions.expected("num_ctx", 1_048_576)).isEmpty();
        assertThat(OllamaOptions.expected("num_predict", -2)).isEmpty();
        assertThat(OllamaOptions.expected("num_gpu", -1)).isEmpty();
        assertThat(OllamaOptions.expected("num_thread", 0)).isEmpty();
        assertThat(OllamaOptions.expected("temperature", 0)).isEmpty();
        assertThat(OllamaOptions.expected("temperature", 2.0)).isEmpty();
        assertThat(OllamaOptions.expected("top_p", 0.95f)).isEmpty();
        assertThat(OllamaOptions.expected("seed", Long.MIN_VALUE)).isEmpty();
        assertThat(OllamaOptions.expected("presence_penalty", -1.5)).isEmpty();
    }

    @Test
    void shouldRefuseValuesOutOfTheirRangeNamingIt() {
        assertThat(OllamaOptions.expected("num_ctx", 0)).contains("a whole number from 1 to 1048576");
        assertThat(OllamaOptions.expected("num_ctx", 1_048_577L)).contains("a whole number from 1 to 1048576");
        assertThat(OllamaOptions.expected("num_gpu", -2)).contains("a whole number from -1 to 1024");
        assertThat(OllamaOptions.expected("num_thread", 1025)).contains("a whole number from 0 to 1024");
        assertThat(OllamaOptions.expected("num_predict", -3)).contains("a whole number from -2 to 1048576");
        assertThat(OllamaOptions.expected("temperature", 2.0001)).contains("a number from 0 to 2");
        assertThat(OllamaOptions.expected("top_p", -0.1)).contains("a number from 0 to 1");
        assertThat(OllamaOptions.expected("mirostat", 3)).contains("a whole number from 0 to 2");
        assertThat(OllamaOptions.expected("seed", BigInteger.TEN.pow(30)))
                .contains("a whole number from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void shouldCheckTheTypeAndFinitenessBeforeTheRange() {
        assertThat(OllamaOptions.expected("num_ctx", 1.5)).contains("a whole number");
        assertThat(OllamaOptions.expected("temperature", Double.NaN)).contains("a finite number");
        assertThat(OllamaOptions.expected("temperature", "hot")).contains("a number");
    }

    @Test
    void shouldLeaveOptionsWithoutARangeAlone() {
        assertThat(OllamaOptions.range("stop")).isEmpty();
        assertThat(OllamaOptions.expected("stop", List.of("\n", "User:"))).isEmpty();
        assertThat(OllamaOptions.expected("my_option", 1e300)).isEmpty();
    }

    @Test
    void shouldLoadTheBuiltInChainsUnderTheRanges() {
        assertThat(ChainCatalog.fromClasspath().names()).contains("answer", "research");
    }
}
