package io.askflow.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void shouldReplaceTheDatabaseAndKeepParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost:5432/postgres", "jobs"))
                .isEqualTo("jdbc:postgresql://localhost:5432/jobs");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432/test?sslmode=disable&loggerLevel=OFF", "jobs"))
                .isEqualTo("jdbc:postgresql://db:5432/jobs?sslmode=disable&loggerLevel=OFF");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://primary:5432,replica:5433/test", "jobs"))
                .isEqualTo("jdbc:postgresql://primary:5432,replica:5433/jobs");
    }

    @Test
    void shouldAddADatabaseWhenTheUrlHasNone() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost:5432", "jobs"))
                .isEqualTo("jdbc:postgresql://localhost:5432/jobs");
    }

    @Test
    void shouldReadTheDatabaseEmptyWhenTheUrlHasNone() {
        assertThat(JdbcUrls.database("jdbc:postgresql://db:5432/test?sslmode=disable")).isEqualTo("test");
        assertThat(JdbcUrls.database("jdbc:postgresql://localhost:5432")).isEmpty();
        assertThat(JdbcUrls.database("jdbc:postgresql://localhost:5432/")).isEmpty();
    }

    @Test
    void shouldRejectOtherUrls() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://localhost/test", "jobs"));
    }
}
