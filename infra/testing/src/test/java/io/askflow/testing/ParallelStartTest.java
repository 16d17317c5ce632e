package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.concurrent.atomic.AtomicBoolean;

import io.askflow.testing.kafka.KafkaPart;
import io.askflow.testing.postgres.PostgresPart;
import io.askflow.testing.redis.RedisPart;
import org.junit.jupiter.api.Test;

class ParallelStartTest {

    private final AtomicBoolean kafkaClosed = new AtomicBoolean();
    private final AtomicBoolean postgresClosed = new AtomicBoolean();

    @Test
    void shouldTimeEachPartAndKeepThemAll() {
        Infrastructure infra = ParallelStart.start(InfraMode.EXTERNAL, this::kafka, this::redis, this::postgres);

        assertThat(infra.kafkaBootstrapServers()).isEqualTo("kafka:9092");
        assertThat(infra.redisUri()).hasToString("redis://redis:6379");
        assertThat(infra.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/test");
        assertThat(infra.startTimes()).containsOnlyKeys("kafka", "redis", "postgres");

        infra.close();
        assertThat(kafkaClosed).isTrue();
        assertThat(postgresClosed).isTrue();
    }

    @Test
    void shouldCloseThePartsThatStartedWhenOneFails() {
        assertThatIllegalStateException()
                .isThrownBy(() -> ParallelStart.start(InfraMode.EMBEDDED, this::kafka, () -> {
                    throw new IllegalStateException("port taken");
                }, this::postgres))
                .withMessageContaining("redis did not start: port taken");

        assertThat(kafkaClosed).isTrue();
        assertThat(postgresClosed).isTrue();
    }

    private KafkaPart kafka() {
        return new KafkaPart() {
            @Override
            public String bootstrapServers() {
                return "kafka:9092";
            }

            @Override
            public String description() {
                return "fake Kafka";
            }

            @Override
            public void close() {
                kafkaClosed.set(true);
            }
        };
    }

    private RedisPart redis() {
        return new RedisPart() {
            @Override
            public String host() {
                return "redis";
            }

            @Override
            public int port() {
                return 6379;
            }

            @Override
            public String description() {
                return "fake Redis";
            }

            @Override
            public void close() {
            }
        };
    }

    private PostgresPart postgres() {
        return new PostgresPart() {
            @Override
            public String jdbcUrl() {
                return "jdbc:postgresql://db:5432/test";
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
                return "fake PostgreSQL";
            }

            @Override
            public void close() {
                postgresClosed.set(true);
            }
        };
    }
}
