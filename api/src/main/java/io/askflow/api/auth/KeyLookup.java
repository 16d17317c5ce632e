package io.askflow.api.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * API keys by hash, each answer kept for a short time on this instance ({@code askflow.security.key-cache-ttl},
 * 500 ms): a busy caller costs one query per key and interval, not one per request, and a key revoked on any
 * instance is refused by every instance within that interval, with nothing to invalidate across instances. Unknown
 * keys are remembered as briefly, so a flood of wrong keys costs no more.
 */
public class KeyLookup {

    /** Past this many remembered keys the memory is cleared: a flood of random keys cannot fill the heap. */
    static final int MAX_ENTRIES = 10_000;

    private final ApiKeyStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public KeyLookup(ApiKeyStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    KeyLookup(ApiKeyStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** One lookup of a hash: the first caller after an expiry runs it, callers meanwhile wait for its answer. */
    private record Entry(CompletableFuture<Optional<ApiKeyStore.StoredKey>> key, long expiresAt) {
    }

    /**
     * The key whose SHA-256 is {@code hash}, as stored at most the TTL ago; empty when there was none. Many requests
     * with one key at the moment its entry expires make one query, not one each.
     */
    public Optional<ApiKeyStore.StoredKey> find(String hash) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(hash);
        if (entry != null && now - entry.expiresAt() < 0 && !entry.key().isCompletedExceptionally()) {
            return entry.key().join();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        CompletableFuture<Optional<ApiKeyStore.StoredKey>> mine = new CompletableFuture<>();
        Entry current = entries.compute(hash, (h, old) -> old != null && old != entry && now - old.expiresAt() < 0
                ? old : new Entry(mine, now + ttlNanos));
        if (current.key() == mine) {
            try {
                mine.complete(store.findByHash(hash));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                entries.remove(hash, current);
                throw e;
            }
        }
        try {
            return current.key().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }
}
