package io.askflow.pipeline.cache;

import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.CacheLookup;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.pipeline.support.InMemoryAnswerCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.askflow.pipeline.support.Messages.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

class GuardedAnswerCacheTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryAnswerCache store = new InMemoryAnswerCache();
    private final AtomicInteger calls = new AtomicInteger();
    private final AnswerCache counting = new AnswerCache() {
        @Override
        public java.util.Optional<CachedAnswer> get(String fingerprint) {
            calls.incrementAndGet();
            return store.get(fingerprint);
        }

        @Override
        public void put(String fingerprint, CachedAnswer answer, Duration ttl) {
            calls.incrementAndGet();
            store.put(fingerprint, answer, ttl);
        }
    };
    private Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
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
        cache.store("f1", new CachedAnswer("A", UUID.randomUUID(), TOKENS, now), Duration.ofMinutes(1));

        assertThat(cache.lookup("f1").outcome()).isEqualTo(CacheLookup.Outcome.HIT);
        assertThat(cache.lookup("f2").outcome()).isEqualTo(CacheLookup.Outcome.MISS);

        assertThat(count(GuardedAnswerCache.LOOKUPS, "outcome", "hit")).isEqualTo(1);
        assertThat(count(GuardedAnswerCache.LOOKUPS, "outcome", "miss")).isEqualTo(1);
        assertThat(registry.get(GuardedAnswerCache.WRITES).counter().count()).isEqualTo(1);
    }

    @Test
    void shouldNotCallADownCacheUntilTheRetryIntervalHasPassed() {
        store.setDown(true);

        assertThat(cache.lookup("f1").outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
        assertThat(cache.lookup("f1").outcome()).isEqualTo(CacheLookup.Outcome.ERROR);
        assertThat(cache.store("f1", new CachedAnswer("A", UUID.randomUUID(), TOKENS, now), Duration.ofMinutes(1)))
                .isFalse();
        assertThat(calls).as("only the first call reached the cache").hasValue(1);
        assertThat(count(GuardedAnswerCache.ERRORS, "operation", "get")).isEqualTo(2);
        assertThat(count(GuardedAnswerCache.ERRORS, "operation", "put")).isEqualTo(1);
        assertThat(registry.get(GuardedAnswerCache.UP).gauge().value()).isZero();

        store.setDown(false);
        now = now.plusSeconds(1);
        assertThat(cache.lookup("f1").outcome()).isEqualTo(CacheLookup.Outcome.MISS);
        assertThat(cache.isUp()).isTrue();
        assertThat(registry.get(GuardedAnswerCache.UP).gauge().value()).isEqualTo(1);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
