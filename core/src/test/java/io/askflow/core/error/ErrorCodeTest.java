package io.askflow.core.error;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorCodeTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void shouldSayWhatToDoAboutEveryCode(ErrorCode code) {
        assertThat(code.title()).isNotBlank();
        assertThat(code.advice()).isNotBlank();
        if (code.kind() == ErrorCode.Kind.REQUEST) {
            assertThat(code.httpStatus()).isBetween(400, 599);
        } else {
            assertThat(code.httpStatus()).isZero();
        }
    }

    @Test
    void shouldNameTheProblemTypeAfterTheCode() {
        assertThat(ErrorCode.JOB_NOT_FOUND.problemType()).isEqualTo("https://askflow.dev/problems/job-not-found");
    }

    @Test
    void shouldRoundTripAJobErrorThroughItsType() {
        JobError error = ErrorCode.OLLAMA_BUSY.error("busy", 3);

        assertThat(error.type()).isEqualTo("OLLAMA_BUSY");
        assertThat(error.code()).contains(ErrorCode.OLLAMA_BUSY);
        assertThat(error.is(ErrorCode.OLLAMA_BUSY)).isTrue();
        assertThat(new JobError("FROM_A_NEWER_VERSION", "?", 1).code()).isEmpty();
    }

    @Test
    void shouldRefuseToEndAJobWithARequestCode() {
        assertThatThrownBy(() -> ErrorCode.JOB_NOT_FOUND.error("no", 0)).isInstanceOf(IllegalStateException.class);
    }
}
