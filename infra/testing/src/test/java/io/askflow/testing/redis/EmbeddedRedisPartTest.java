package io.askflow.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class EmbeddedRedisPartTest {

    @Test
    void shouldRemoveItsDirectoryOnClose() {
        Path directory;
        try (EmbeddedRedisPart redis = EmbeddedRedisPart.start()) {
            directory = redis.directory();
            assertThat(directory).isDirectory();
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.configGet("save")).containsEntry("save", "");
                assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "no");
                assertThat(jedis.configGet("bind")).containsEntry("bind", "127.0.0.1");
            }
        }

        assertThat(directory).doesNotExist();
    }

    @Test
    void shouldStartAgainOnTheSamePort() {
        try (EmbeddedRedisPart redis = EmbeddedRedisPart.start()) {
            redis.stopServer();
            assertThat(redis.isRunning()).isFalse();

            redis.startServer();

            assertThat(redis.isRunning()).isTrue();
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        }
    }
}
