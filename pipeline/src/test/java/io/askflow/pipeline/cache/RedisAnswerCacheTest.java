package io.askflow.pipeline.cache;

import io.askflow.core.cache.CacheLookup;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.cache.RedisAnswerCache;
import io.askflow.core.cache.RedisProperties;
import io.askflow.pipeline.support.Messages;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.askflow.pipeline.support.Messages.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class RedisAnswerCacheTest {

    private static final Infrastructure infra = Infrastructures.shared();

    private final RedisAnswerCache cache = RedisAnswerCache.connect(properties(infra.redisUri()), "default", "askflow-test");

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void shouldStoreAnAnswerAsJsonUnderItsScopedKeyWithItsTtl() {
        String fingerprint = Messages.job("What is Kafka? " + UUID.randomUUID()).fingerprint();
        CachedAnswer answer = new CachedAnswer("A log.", UUID.randomUUID(), TOKENS,
                Instant.parse("2026-01-01T10:00:00Z"));

        cache.put(fingerprint, answer, Duration.ofSeconds(90));

        assertThat(cache.get(fingerprint)).contains(answer);
        try (RedisClient redis = RedisClient.create(infra.redisUri())) {
            String key = "askflow:answer:default:" + fingerprint;
            assertThat(cache.key(fingerprint)).isEqualTo(key);
            assertThat(redis.ttl(key)).isBetween(85L, 90L);
            assertThat(redis.get(key)).contains("\"answer\":\"A log.\"").contains("\"runId\":\"" + answer.runId())
                    .contains("\"cachedAt\":\"2026-01-01T10:00:00Z\"").contains("\"promptTokens\":12");
        }
    }

    @Test
    void shouldMissAnUnknownOrUnreadableAnswer() {
        String fingerprint = "0".repeat(63) + "1";
        assertThat(cache.get("unknown-" + UUID.randomUUID())).isEmpty();
        try (RedisClient redis = RedisClient.create(infra.redisUri())) {
            redis.setex(cache.key(fingerprint), 60, "not json");
        }
        assertThat(cache.get(fingerprint)).isEmpty();
    }

    @Test
    void shouldServeMissesWhileRedisIsDownAndResumeWhenItReturns() {
        assumeThat(infra.supportsRedisRestart()).as("embedded Redis can be stopped").isTrue();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GuardedAnswerCache guarded = new GuardedAnswerCache(cache, Duration.ofMillis(100), registry);
        String fingerprint = "a".repeat(64);
        CachedAnswer answer = new CachedAnswer("A log.", UUID.randomUUID(), TOKENS, Instant.now());

        infra.stopRedis();
        try {
            long started = System.nanoTime();
            assertThat(guarded.lookup(fingerprint).outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
            assertThat(guarded.store(fingerprint, answer, Duration.ofMinutes(1))).isFalse();
            assertThat(guarded.lookup(fingerprint).outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(guarded.isUp()).isFalse();
            assertThat(registry.get(GuardedAnswerCache.ERRORS).tag("operation", "get").counter().count())
                    .isEqualTo(2);
        } finally {
            infra.startRedis();
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> guarded.store(fingerprint, answer, Duration.ofMinutes(1)));
        assertThat(guarded.lookup(fingerprint).outcome()).isEqualTo(CacheLookup.Outcome.HIT);
        assertThat(guarded.isUp()).isTrue();
    }

    private static RedisProperties properties(URI url) {
        return new RedisProperties(url, Duration.ofMillis(250), Duration.ofMillis(250), 4);
    }
}
