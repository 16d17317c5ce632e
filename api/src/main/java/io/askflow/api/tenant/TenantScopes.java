package io.askflow.api.tenant;

import io.askflow.core.tenant.Tenants;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The cache scope of a tenant's new jobs ({@link Tenants#cacheScope}), read from its row and kept a few seconds on
 * this instance: a submit does not pay a query for it, and a tenant that opts into a shared scope (or out of it)
 * gets it on every instance within that time. A tenant without a row (a key's tenant always has one) has its own.
 */
public class TenantScopes {

    private final Function<String, String> sharedScopeOf;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public TenantScopes(TenantStore tenants, Duration ttl) {
        this(id -> tenants.find(id).map(Tenant::sharedCacheScope).orElse(null), ttl, System::nanoTime);
    }

    /**
     * @param sharedScopeOf the shared scope's name a tenant opted into, or {@code null}
     * @param ttl           how long an answer is kept
     * @param nanoTime      the clock
     */
    public TenantScopes(Function<String, String> sharedScopeOf, Duration ttl, LongSupplier nanoTime) {
        this.sharedScopeOf = sharedScopeOf;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    private record Entry(String scope, long expiresAt) {
    }

    /** The cache scope of {@code tenant}'s new jobs. */
    public String cacheScope(String tenant) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(tenant);
        if (entry != null && now - entry.expiresAt() < 0) {
            return entry.scope();
        }
        String shared = sharedScopeOf.apply(tenant);
        String scope = Tenants.cacheScope(tenant, shared);
        entries.put(tenant, new Entry(scope, now + ttlNanos));
        return scope;
    }
}
