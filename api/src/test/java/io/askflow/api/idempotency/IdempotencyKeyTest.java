package io.askflow.api.idempotency;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key as the header carries it, and the request hash it is checked against (unit, no infrastructure). */
class IdempotencyKeyTest {

    @Test
    void shouldTakeTheDraftsStructuredFieldsStringOrABareValue() {
        assertThat(IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"").value())
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKey.parse("8e03978e").value()).isEqualTo("8e03978e");
        assertThat(IdempotencyKey.parse("\"a \\\"quoted\\\" \\\\ key\"").value()).isEqualTo("a \"quoted\" \\ key");
        assertThat(IdempotencyKey.parse("\"").value()).as("one quote is not a string: taken as it is").isEqualTo("\"");
    }

    @Test
    void shouldTakeOneTo255PrintableAsciiCharactersAndNothingElse() {
        assertThat(IdempotencyKey.parse("k".repeat(255)).value()).hasSize(255);
        assertThat(IdempotencyKey.parse(" ~").value()).isEqualTo(" ~");
        assertThatThrownBy(() -> IdempotencyKey.parse("")).isInstanceOf(InvalidIdempotencyKeyException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> IdempotencyKey.parse("\"\"")).isInstanceOf(InvalidIdempotencyKeyException.class);
        assertThatThrownBy(() -> IdempotencyKey.parse("k".repeat(256))).hasMessage("must be at most 255 characters, was 256");
        assertThatThrownBy(() -> IdempotencyKey.parse("caf\u00e9")).hasMessageContaining("character 4 is not");
        assertThatThrownBy(() -> IdempotencyKey.parse("a\u007fb")).hasMessageContaining("character 2 is not");
        assertThatThrownBy(() -> IdempotencyKey.parse("a\tb")).isInstanceOf(InvalidIdempotencyKeyException.class);
    }

    @Test
    void shouldHashTheSameRequestTheSameWhateverItsKeyOrderAndNumbersAndOtherOperationsApart() {
        Map<String, Object> one = Map.of("question", "q", "metadata", Map.of("a", 1, "b", 0.70));
        Map<String, Object> same = Map.of("metadata", Map.of("b", 0.7, "a", 1.0), "question", "q");

        assertThat(RequestHash.of("jobs.create", one)).hasSize(64).isEqualTo(RequestHash.of("jobs.create", same));
        assertThat(RequestHash.of("jobs.create", one)).isNotEqualTo(RequestHash.of("batches.create", one))
                .isNotEqualTo(RequestHash.of("jobs.create", Map.of("question", "q ")));
    }
}
