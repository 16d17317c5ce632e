package io.askflow.core.cache;

import io.askflow.core.step.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedAnswerCacheTest {

    private static final TokenUsage TOKENS = new TokenUsage(12, 34);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger calls = new AtomicInteger();
    private static final AnswerKey F1 = AnswerKey.inDefaultScope("f1");
    private static final AnswerKey F2 = AnswerKey.inDefaultScope("f2");

    private final Map<AnswerKey, CachedAnswer> entries = new ConcurrentHashMap<>();
    private volatile boolean down;
    /** Called on each get before it answers; a test may make it wait. */
    private volatile Runnable beforeGet = () -> { };
    private final AnswerCache counting = new AnswerCache() {
        @Override
        public Optional<CachedAnswer> get(AnswerKey key) {
            calls.incrementAndGet();
            beforeGet.run();
            failIfDown();
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public void put(AnswerKey key, CachedAnswer answer, Duration ttl) {
            calls.incrementAndGet();
            failIfDown();
            entries.put(key, answer);
        }

        private void failIfDown() {
            if (down) {
                throw new IllegalStateException("simulated cache outage");
            }
        }
    };
    private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final GuardedAnswerCache cache = new GuardedAnswerCache(counting, Duration.ofSeconds(1), registry, clock);

    @Test
    void shouldCountHitsAndMisses() {
        cache.store(F1, new CachedAnswer("A", UUID.randomUUID(), TOKENS, now), Duration.ofMinutes(1));

        assertThat(cache.lookup(F1).outcome()).isEqualTo(CacheLookup.Outcome.HIT);
        assertThat(cache.lookup(F2).outcome()).isEqualTo(CacheLookup.Outcome.MISS);

        assertThat(count(GuardedAnswerCache.LOOKUPS, "outcome", "hit")).isEqualTo(1);
        assertThat(count(GuardedAnswerCache.LOOKUPS, "outcome", "miss")).isEqualTo(1);
        assertThat(registry.get(GuardedAnswerCache.WRITES).counter().count()).isEqualTo(1);
    }

    @Test
    void shouldNeverAnswerFromAnotherScope() {
        cache.store(new AnswerKey("tenant:a", "f1"), new CachedAnswer("A", UUID.randomUUID(), TOKENS, now),
                Duration.ofMinutes(1));

        assertThat(cache.lookup(new AnswerKey("tenant:a", "f1")).outcome()).isEqualTo(CacheLookup.Outcome.HIT);
        assertThat(cache.lookup(new AnswerKey("tenant:b", "f1")).outcome()).isEqualTo(CacheLookup.Outcome.MISS);
        assertThat(cache.lookup(new AnswerKey("shared:a", "f1")).outcome()).isEqualTo(CacheLookup.Outcome.MISS);
        assertThat(cache.lookup(F1).outcome()).isEqualTo(CacheLookup.Outcome.MISS);
    }

    @Test
    void shouldNotCallADownCacheUntilTheRetryIntervalHasPassed() {
        down = true;

        assertThat(cache.lookup(F1).outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
        assertThat(cache.lookup(F1).outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
        assertThat(cache.store(F1, new CachedAnswer("A", UUID.randomUUID(), TOKENS, now), Duration.ofMinutes(1)))
                .isFalse();
        assertThat(calls).as("only the first call reached the cache").hasValue(1);
        assertThat(count(GuardedAnswerCache.ERRORS, "operation", "get")).isEqualTo(2);
        assertThat(count(GuardedAnswerCache.ERRORS, "operation", "put")).isEqualTo(1);
        assertThat(registry.get(GuardedAnswerCache.UP).gauge().value()).isZero();

        down = false;
        now = now.plusSeconds(1);
        assertThat(cache.lookup(F1).outcome()).isEqualTo(CacheLookup.Outcome.MISS);
        assertThat(cache.isUp()).isTrue();
        assertThat(registry.get(GuardedAnswerCache.UP).gauge().value()).isEqualTo(1);
    }

    @Test
    void shouldLetOnlyTheFirstCallerProbeWhenTheRetryIntervalHasPassed() throws Exception {
        down = true;
        assertThat(cache.lookup(F1).outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
        down = false;
        now = now.plusSeconds(1);
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        beforeGet = () -> {
            probing.countDown();
            await(answer);
        };

        CompletableFuture<CacheLookup> probe = CompletableFuture.supplyAsync(() -> cache.lookup(F1));
        assertThat(probing.await(10, TimeUnit.SECONDS)).as("the probe reached the cache").isTrue();
        beforeGet = () -> { };
        CacheLookup duringProbe = cache.lookup(F1);
        answer.countDown();

        assertThat(duringProbe.outcome()).as("skipped while another caller probes").isEqualTo(CacheLookup.Outcome.ERROR);
        assertThat(probe.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(CacheLookup.Outcome.MISS);
        assertThat(calls).as("the failed call and the probe").hasValue(2);
        assertThat(cache.lookup(F1).outcome()).as("up again after the probe").isEqualTo(CacheLookup.Outcome.MISS);
        assertThat(calls).hasValue(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
