package io.askflow.core.fingerprint;

import io.askflow.core.job.JobRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    private static JobRequest request(String question) {
        return new JobRequest(question, "llama3.2", "answer", "v1", Map.of("temperature", 0.7));
    }

    @Test
    void shouldIgnoreLeadingTrailingAndInnerWhiteSpace() {
        String plain = Fingerprint.of(request("What is Kafka?"));

        assertThat(Fingerprint.of(request("  What   is\tKafka?\n"))).isEqualTo(plain);
        assertThat(Fingerprint.of(request("What\u00A0is \u2003Kafka?"))).isEqualTo(plain);
    }

    @Test
    void shouldTreatComposedAndDecomposedUnicodeAlike() {
        assertThat(Fingerprint.of(request("caf\u00E9?"))).isEqualTo(Fingerprint.of(request("cafe\u0301?")));
    }

    @Test
    void shouldKeepCase() {
        assertThat(Fingerprint.of(request("What is Kafka?"))).isNotEqualTo(Fingerprint.of(request("what is kafka?")));
    }

    @Test
    void shouldChangeWithModelChainVersionAndOptions() {
        String base = Fingerprint.of(request("q"));

        assertThat(Fingerprint.of(new JobRequest("q", "qwen2.5", "answer", "v1", Map.of("temperature", 0.7))))
                .isNotEqualTo(base);
        assertThat(Fingerprint.of(new JobRequest("q", "llama3.2", "research", "v1", Map.of("temperature", 0.7))))
                .isNotEqualTo(base);
        assertThat(Fingerprint.of(new JobRequest("q", "llama3.2", "answer", "v2", Map.of("temperature", 0.7))))
                .isNotEqualTo(base);
        assertThat(Fingerprint.of(new JobRequest("q", "llama3.2", "answer", "v1", Map.of("temperature", 0.2))))
                .isNotEqualTo(base);
        assertThat(Fingerprint.of(new JobRequest("q", "llama3.2", "answer", "v1", Map.of())))
                .isNotEqualTo(base);
    }

    @Test
    void shouldReadOptionsCanonically() {
        Map<String, Object> one = Map.of("temperature", 0.70, "num_predict", 128, "stop", java.util.List.of("a"));
        Map<String, Object> other = new java.util.LinkedHashMap<>();
        other.put("stop", java.util.List.of("a"));
        other.put("num_predict", 128L);
        other.put("temperature", new java.math.BigDecimal("0.700"));

        assertThat(Fingerprint.of(new JobRequest("q", null, "answer", "v1", one)))
                .isEqualTo(Fingerprint.of(new JobRequest("q", null, "answer", "v1", other)));
    }

    @Test
    void shouldNotConfuseFieldBoundaries() {
        assertThat(Fingerprint.of(new JobRequest("ab", "c", "answer", "v1", Map.of())))
                .isNotEqualTo(Fingerprint.of(new JobRequest("a", "bc", "answer", "v1", Map.of())));
    }

    @Test
    void shouldChangeWithTheCacheScope() {
        JobRequest base = request("q");

        assertThat(Fingerprint.of(base.inScope("tenant:a"))).isNotEqualTo(Fingerprint.of(base))
                .isNotEqualTo(Fingerprint.of(base.inScope("tenant:b")))
                .isEqualTo(Fingerprint.of(base.inScope("tenant:a")));
        assertThat(Fingerprint.of(base.inScope("default"))).isEqualTo(Fingerprint.of(base));
    }

    @Test
    void shouldBeSixtyFourHexCharacters() {
        assertThat(Fingerprint.of(request("q"))).matches("[0-9a-f]{64}");
    }
}
