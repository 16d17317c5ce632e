package io.askflow.workers.checkpoint;

import io.askflow.core.cache.RedisClients;
import io.askflow.core.cache.RedisProperties;
import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints in the shared test Redis, and runs going on without them when Redis is gone. */
class RedisCheckpointsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldFindTheUnbrokenRunOfRecordedStepsFromTheFirst() {
        UUID runId = UUID.randomUUID();
        try (UnifiedJedis redis = RedisClients.pooled(redis(Infrastructures.shared().redisUri()), "askflow-workers");
             RedisCheckpoints checkpoints = new RedisCheckpoints(redis, Duration.ofMinutes(10))) {
            checkpoints.save(runId, step(0, "research"));
            checkpoints.save(runId, step(2, "review"));

            assertThat(checkpoints.load(runId, 3)).containsExactly(step(0, "research"));
            checkpoints.save(runId, step(1, "draft"));
            assertThat(checkpoints.load(runId, 3)).extracting(StepResult::name)
                    .containsExactly("research", "draft", "review");
            assertThat(checkpoints.load(runId, 1)).hasSize(1);
            assertThat(redis.ttl(RedisCheckpoints.key(runId, 0))).isBetween(1L, 600L);
        }
    }

    @Test
    void shouldRefuseTheStepsOfAStaleAttemptOnceANewerOneBegan() {
        UUID runId = UUID.randomUUID();
        try (UnifiedJedis redis = RedisClients.pooled(redis(Infrastructures.shared().redisUri()), "askflow-workers");
             RedisCheckpoints checkpoints = new RedisCheckpoints(redis, Duration.ofMinutes(10))) {
            long stale = checkpoints.begin(runId);
            assertThat(checkpoints.save(runId, stale, step(0, "research"))).isTrue();
            long replacement = checkpoints.begin(runId);
            assertThat(replacement).isGreaterThan(stale);

            assertThat(checkpoints.save(runId, replacement, step(1, "draft"))).isTrue();
            assertThat(checkpoints.save(runId, stale, step(1, "stale draft"))).as("the partitioned worker").isFalse();
            assertThat(checkpoints.save(runId, stale, step(2, "stale review"))).isFalse();

            assertThat(checkpoints.load(runId, 3)).extracting(StepResult::name).containsExactly("research", "draft");
            assertThat(redis.ttl(RedisCheckpoints.fenceKey(runId))).isBetween(1L, 600L);
        }
    }

    @Test
    void shouldCountAStaleAttemptsRefusedStepThroughTheGuard() {
        UUID runId = UUID.randomUUID();
        try (UnifiedJedis redis = RedisClients.pooled(redis(Infrastructures.shared().redisUri()), "askflow-workers");
             RedisCheckpoints store = new RedisCheckpoints(redis, Duration.ofMinutes(10))) {
            GuardedCheckpoints checkpoints = new GuardedCheckpoints(store, Duration.ofMinutes(1), registry);
            long stale = checkpoints.begin(runId);
            checkpoints.begin(runId);

            assertThat(checkpoints.save(runId, stale, step(0, "research"))).isFalse();
            assertThat(checkpoints.load(runId, 3)).isEmpty();
            assertThat(registry.get(GuardedCheckpoints.CALLS).tag("operation", "save").tag("outcome", "fenced")
                    .counter().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldGoOnWithoutCheckpointsWhileRedisIsDown() throws IOException {
        try (RedisCheckpoints nowhere = new RedisCheckpoints(RedisClients.pooled(
                redis(URI.create("redis://127.0.0.1:" + freePort())), "askflow-workers"), Duration.ofMinutes(10))) {
            GuardedCheckpoints checkpoints = new GuardedCheckpoints(nowhere, Duration.ofMinutes(1), registry);
            UUID runId = UUID.randomUUID();

            checkpoints.save(runId, step(0, "research"));
            assertThat(checkpoints.load(runId, 3)).isEmpty();

            assertThat(registry.get(GuardedCheckpoints.UP).gauge().value()).isZero();
            assertThat(registry.get(GuardedCheckpoints.CALLS).tag("operation", "save").tag("outcome", "error")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get(GuardedCheckpoints.CALLS).tag("operation", "load").tag("outcome", "skipped")
                    .counter().count()).as("left alone until the retry interval passes").isEqualTo(1);
        }
    }

    private static StepResult step(int index, String name) {
        return new StepResult(index, name, "Agent", "llama3.2", "http://gpu-1:11434", name + " output",
                new TokenUsage(12, 34), Duration.ofMillis(1500));
    }

    /** Askflow's Redis settings for {@code url}, with timeouts that forgive a busy test machine. */
    static RedisProperties redis(URI url) {
        return new RedisProperties(url, Duration.ofSeconds(1), Duration.ofSeconds(1), 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
