package io.askflow.pipeline.support;

import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.CachedAnswer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AnswerCache} in a map, for topology tests; {@link #setDown(boolean)} makes every call throw like a dead Redis. */
public final class InMemoryAnswerCache implements AnswerCache {

    /** One stored answer and the TTL it was written with. */
    public record Entry(CachedAnswer answer, Duration ttl) {
    }

    private final Map<AnswerKey, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean down;

    @Override
    public Optional<CachedAnswer> get(AnswerKey key) {
        failIfDown();
        return Optional.ofNullable(entries.get(key)).map(Entry::answer);
    }

    @Override
    public void put(AnswerKey key, CachedAnswer answer, Duration ttl) {
        failIfDown();
        entries.put(key, new Entry(answer, ttl));
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    public Optional<Entry> entry(AnswerKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    public int size() {
        return entries.size();
    }

    private void failIfDown() {
        if (down) {
            throw new IllegalStateException("simulated cache outage");
        }
    }
}
