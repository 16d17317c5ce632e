package io.askflow.pipeline.cache;

import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.CacheLookup;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.cache.RedisAnswerCache;
import io.askflow.core.cache.RedisProperties;
import io.askflow.core.job.JobSubmitted;
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

    private final RedisAnswerCache cache = RedisAnswerCache.connect(properties(infra.redisUri()), "askflow-test");

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void shouldStoreAnAnswerAsJsonUnderItsScopedKeyWithItsTtl() {
        AnswerKey answerKey = Messages.job("What is Kafka? " + UUID.randomUUID()).answerKey();
        CachedAnswer answer = new CachedAnswer("A log.", UUID.randomUUID(), TOKENS,
                Instant.parse("2026-01-01T10:00:00Z"));

        cache.put(answerKey, answer, Duration.ofSeconds(90));

        assertThat(cache.get(answerKey)).contains(answer);
        try (RedisClient redis = RedisClient.create(infra.redisUri())) {
            String key = "askflow:answer:default:" + answerKey.fingerprint();
            assertThat(RedisAnswerCache.key(answerKey)).isEqualTo(key);
            assertThat(redis.ttl(key)).isBetween(85L, 90L);
            assertThat(redis.get(key)).contains("\"answer\":\"A log.\"").contains("\"runId\":\"" + answer.runId())
                    .contains("\"cachedAt\":\"2026-01-01T10:00:00Z\"").contains("\"promptTokens\":12");
        }
    }

    @Test
    void shouldKeepEachScopesAnswersUnderItsOwnKeysSoOneScanFindsThem() {
        String tenant = "t" + Long.toHexString(System.nanoTime());
        JobSubmitted ofTenant = Messages.job("What is Kafka?", tenant, "tenant:" + tenant);
        JobSubmitted shared = Messages.job("What is Kafka?", tenant, "shared:" + tenant);
        cache.put(ofTenant.answerKey(), new CachedAnswer("own", UUID.randomUUID(), TOKENS, Instant.now()),
                Duration.ofSeconds(60));
        cache.put(shared.answerKey(), new CachedAnswer("shared", UUID.randomUUID(), TOKENS, Instant.now()),
                Duration.ofSeconds(60));

        assertThat(cache.get(ofTenant.answerKey())).map(CachedAnswer::answer).contains("own");
        assertThat(cache.get(shared.answerKey())).map(CachedAnswer::answer).contains("shared");
        assertThat(cache.get(new AnswerKey("tenant:" + tenant, shared.fingerprint()))).isEmpty();
        assertThat(cache.get(new AnswerKey("default", ofTenant.fingerprint()))).isEmpty();
        try (RedisClient redis = RedisClient.create(infra.redisUri())) {
            assertThat(redis.keys("askflow:answer:tenant:" + tenant + ":*"))
                    .containsExactly("askflow:answer:tenant:" + tenant + ":" + ofTenant.fingerprint());
        }
    }

    @Test
    void shouldMissAnUnknownOrUnreadableAnswer() {
        AnswerKey key = AnswerKey.inDefaultScope("0".repeat(63) + "1");
        assertThat(cache.get(AnswerKey.inDefaultScope("unknown-" + UUID.randomUUID()))).isEmpty();
        try (RedisClient redis = RedisClient.create(infra.redisUri())) {
            redis.setex(RedisAnswerCache.key(key), 60, "not json");
        }
        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void shouldServeMissesWhileRedisIsDownAndResumeWhenItReturns() {
        assumeThat(infra.supportsRedisRestart()).as("embedded Redis can be stopped").isTrue();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GuardedAnswerCache guarded = new GuardedAnswerCache(cache, Duration.ofMillis(100), registry);
        AnswerKey fingerprint = AnswerKey.inDefaultScope("a".repeat(64));
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
