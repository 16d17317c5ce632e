package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.cache.RedisAnswerCache;
import io.askflow.core.cache.RedisProperties;
import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.step.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit's fast path: which jobs ask the cache, and that a dead or silent Redis costs a submit little. */
class FastPathTest {

    private static final CachedAnswer ANSWER = new CachedAnswer("A log.", UUID.randomUUID(), new TokenUsage(1, 2),
            Instant.parse("2026-01-01T10:00:00Z"));

    private final AtomicInteger lookups = new AtomicInteger();
    private final Map<AnswerKey, CachedAnswer> entries = new ConcurrentHashMap<>(
            Map.of(job(CachePolicy.DEFAULT).answerKey(), ANSWER));
    private final AnswerCache cache = new AnswerCache() {
        @Override
        public Optional<CachedAnswer> get(AnswerKey key) {
            lookups.incrementAndGet();
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public void put(AnswerKey key, CachedAnswer answer, Duration ttl) {
            throw new UnsupportedOperationException("the API never writes the cache");
        }
    };

    @Test
    void shouldAnswerAUseJobFromTheCache() {
        assertThat(fastPath(cache, true).cachedAnswer(job(CachePolicy.DEFAULT))).contains(ANSWER);
    }

    @Test
    void shouldNeverAnswerAJobFromTheCachedAnswerOfAnotherScope() {
        JobSubmitted ofA = job(CachePolicy.DEFAULT, "a", "tenant:a");
        entries.put(ofA.answerKey(), ANSWER);
        FastPath fastPath = fastPath(cache, true);

        assertThat(fastPath.cachedAnswer(job(CachePolicy.DEFAULT, "a", "tenant:a"))).contains(ANSWER);
        assertThat(fastPath.cachedAnswer(job(CachePolicy.DEFAULT, "b", "tenant:b"))).isEmpty();
        assertThat(fastPath.cachedAnswer(job(CachePolicy.DEFAULT, "b", "shared:faq"))).isEmpty();
        assertThat(lookups).as("each job asked the cache, under its own scope").hasValue(3);
    }

    @Test
    void shouldShareACachedAnswerBetweenTenantsOfOneSharedScope() {
        entries.put(job(CachePolicy.DEFAULT, "a", "shared:faq").answerKey(), ANSWER);

        assertThat(fastPath(cache, true).cachedAnswer(job(CachePolicy.DEFAULT, "b", "shared:faq"))).contains(ANSWER);
    }

    @Test
    void shouldNotAskTheCacheForRefreshOrBypassJobs() {
        FastPath fastPath = fastPath(cache, true);

        assertThat(fastPath.cachedAnswer(job(new CachePolicy(CachePolicy.Mode.REFRESH, null)))).isEmpty();
        assertThat(fastPath.cachedAnswer(job(new CachePolicy(CachePolicy.Mode.BYPASS, null)))).isEmpty();
        assertThat(lookups).hasValue(0);
    }

    @Test
    void shouldNotAskTheCacheWhenSwitchedOff() {
        assertThat(fastPath(cache, false).cachedAnswer(job(CachePolicy.DEFAULT))).isEmpty();
        assertThat(lookups).hasValue(0);
    }

    @Test
    void shouldMissWithinTheTimeoutWhenRedisDoesNotAnswerAndThenNotWaitAtAll() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RedisAnswerCache redis = RedisAnswerCache.connect(new RedisProperties(
                     URI.create("redis://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(100),
                     Duration.ofMillis(100), 4), "fast-path-test")) {
            AtomicInteger calls = new AtomicInteger();
            FastPath fastPath = fastPath(new AnswerCache() {
                @Override
                public Optional<CachedAnswer> get(AnswerKey key) {
                    calls.incrementAndGet();
                    return redis.get(key);
                }

                @Override
                public void put(AnswerKey key, CachedAnswer answer, Duration ttl) {
                    redis.put(key, answer, ttl);
                }
            }, true);

            long first = millis(() -> assertThat(fastPath.cachedAnswer(job(CachePolicy.DEFAULT))).isEmpty());
            assertThat(fastPath.cachedAnswer(job(CachePolicy.DEFAULT))).isEmpty();

            // at least the reply timeout; the upper bound leaves room for a cold start on a busy machine
            assertThat(first).as("one reply timeout").isBetween(90L, 3_000L);
            assertThat(calls).as("the second lookup skipped while Redis rests, not sent").hasValue(1);
        }
    }

    private static FastPath fastPath(AnswerCache cache, boolean enabled) {
        ApiProperties properties = new ApiProperties(16_000, 16_000, 16_000, 1_048_576, "answer", Duration.ofSeconds(5),
                Duration.ofSeconds(5), new ApiProperties.FastPath(enabled));
        return new FastPath(new GuardedAnswerCache(cache, Duration.ofSeconds(30), new SimpleMeterRegistry()),
                properties);
    }

    private static JobSubmitted job(CachePolicy policy) {
        JobRequest request = new JobRequest("What is Kafka?", null, "answer", "v1", Map.of());
        return new JobSubmitted(UUID.randomUUID(), Fingerprint.of(request), request, policy, Map.of(), Instant.now());
    }

    /** The same question, asked by {@code tenant} in the cache scope {@code scope}. */
    private static JobSubmitted job(CachePolicy policy, String tenant, String scope) {
        JobRequest request = new JobRequest("What is Kafka?", null, "answer", "v1", Map.of()).inScope(scope);
        return new JobSubmitted(UUID.randomUUID(), Fingerprint.of(request), request, policy, Map.of(), Instant.now())
                .ownedBy(tenant);
    }

    private static long millis(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
