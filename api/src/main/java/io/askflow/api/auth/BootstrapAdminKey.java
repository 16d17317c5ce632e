package io.askflow.api.auth;

import io.askflow.core.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.time.Clock;

/**
 * Makes {@code askflow.security.bootstrap-admin-key} an admin key of the tenant {@code default} at start, before the
 * API takes requests: the first key of a new deployment, from which the admin API makes the others. Idempotent
 * across instances (insert unless a key with its hash exists); a bootstrap key revoked through the admin API stays
 * revoked: set another value to get one back.
 */
public class BootstrapAdminKey implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    /** The name the bootstrap key is stored under. */
    static final String NAME = "bootstrap admin key (askflow.security.bootstrap-admin-key)";

    private final ApiKeyStore store;
    private final String key;
    private final Clock clock;

    public BootstrapAdminKey(ApiKeyStore store, String key, Clock clock) {
        this.store = store;
        this.key = key;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (key == null) {
            return;
        }
        if (store.createIfAbsent(Tenants.DEFAULT, NAME, key, true, clock.instant())) {
            log.info("bootstrap admin key stored: an admin key of the tenant {}", Tenants.DEFAULT);
        } else {
            log.info("bootstrap admin key already stored");
        }
    }
}
