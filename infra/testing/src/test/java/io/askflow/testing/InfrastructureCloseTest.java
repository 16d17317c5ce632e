package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.askflow.testing.kafka.KafkaPart;
import io.askflow.testing.postgres.PostgresPart;
import io.askflow.testing.redis.RedisPart;
import org.junit.jupiter.api.Test;

/** The order of a close: the users of the infrastructure first (the applications), then Redis, PostgreSQL, Kafka. */
class InfrastructureCloseTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final Infrastructure infrastructure = new Infrastructure(InfraMode.EXTERNAL, new Kafka(), new Redis(),
            new Postgres(), Map.of());

    @Test
    void shouldCloseItsUsersLastComeFirstThenRedisPostgresAndKafka() {
        infrastructure.closeFirst(() -> closed.add("pipeline"));
        infrastructure.closeFirst(() -> closed.add("api"));

        infrastructure.close();
        infrastructure.close();

        assertThat(closed).containsExactly("api", "pipeline", "redis", "postgres", "kafka");
    }

    @Test
    void shouldCloseAUserOnceWhenItClosesTheInfrastructureItself() {
        AtomicInteger closes = new AtomicInteger();
        infrastructure.closeFirst(() -> {
            closes.incrementAndGet();
            assertThat(closed).isEmpty();
            infrastructure.close();
        });

        infrastructure.close();

        assertThat(closes).hasValue(1);
        assertThat(closed).containsExactly("redis", "postgres", "kafka");
    }

    private final class Kafka implements KafkaPart {
        @Override
        public String bootstrapServers() {
            return "localhost:9092";
        }

        @Override
        public String description() {
            return "kafka";
        }

        @Override
        public void close() {
            closed.add("kafka");
        }
    }

    private final class Redis implements RedisPart {
        @Override
        public String host() {
            return "localhost";
        }

        @Override
        public int port() {
            return 6379;
        }

        @Override
        public String description() {
            return "redis";
        }

        @Override
        public void close() {
            closed.add("redis");
        }
    }

    private final class Postgres implements PostgresPart {
        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:5432/test";
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
            return "postgres";
        }

        @Override
        public void close() {
            closed.add("postgres");
        }
    }
}
