package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidJobRequestExceptionTest {

    @Test
    void shouldListEveryViolationWhenThereAreFew() {
        InvalidJobRequestException e = new InvalidJobRequestException(List.of(new Violation("a", "x"),
                new Violation("b", "y")));

        assertThat(e.getMessage()).isEqualTo("a: x; b: y");
        assertThat(e.violations()).hasSize(2);
    }

    @Test
    void shouldListExactly50WithoutACount() {
        InvalidJobRequestException e = new InvalidJobRequestException(violations(50));

        assertThat(e.violations()).hasSize(50);
        assertThat(e.getMessage()).endsWith("f49: bad").doesNotContain("more");
    }

    @Test
    @Timeout(2)
    void shouldCapAHugeListAtTheFirst50AndCountTheRest() {
        InvalidJobRequestException e = new InvalidJobRequestException(violations(200_000));

        assertThat(e.violations()).hasSize(50).first().isEqualTo(new Violation("f0", "bad"));
        assertThat(e.getMessage()).startsWith("f0: bad; f1: bad; ").endsWith("f49: bad; and 199950 more");
    }

    @Test
    void shouldSayInvalidJobWithoutViolations() {
        assertThat(new InvalidJobRequestException(List.of()).getMessage()).isEqualTo("invalid job");
    }

    private static List<Violation> violations(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Violation("f" + i, "bad")).toList();
    }
}
