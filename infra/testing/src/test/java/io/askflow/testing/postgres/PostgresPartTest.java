package io.askflow.testing.postgres;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PostgresPartTest {

    private final PostgresPart unreachable = ExternalPostgresPartStub.INSTANCE;

    @Test
    void shouldRejectDatabaseNamesThatNeedQuoting() {
        for (String name : new String[] {"Jobs", "jobs-1", "jobs; drop database postgres", "", "1jobs"}) {
            assertThatIllegalArgumentException().as(name).isThrownBy(() -> unreachable.createDatabase(name));
        }
    }

    private enum ExternalPostgresPartStub implements PostgresPart {
        INSTANCE;

        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:1/postgres";
        }

        @Override
        public String username() {
            return "postgres";
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public String description() {
            return "stub";
        }

        @Override
        public void close() {
        }
    }
}
