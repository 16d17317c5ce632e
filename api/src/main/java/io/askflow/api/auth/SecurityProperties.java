package io.askflow.api.auth;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Authentication ({@code askflow.security.*}, ADR 11).
 *
 * @param enabled            whether every request must carry an API key (default true); false makes every request the
 *                           default tenant's, as an admin: for a closed network only, said by a WARN at start
 * @param bootstrapAdminKey  a secret: when set, an admin key of the tenant {@code default} with this text exists after
 *                           start (created by the first instance that starts with it; a revoked one stays revoked). It
 *                           must have a key's form ({@code ask_} and 43 base64url characters)
 * @param keyCacheTtl        how long an instance remembers a key lookup (default 500 ms, at most 1 s): a revoked key
 *                           is refused everywhere within it
 */
@Validated
@ConfigurationProperties("askflow.security")
public record SecurityProperties(@DefaultValue("true") boolean enabled,
                                 String bootstrapAdminKey,
                                 @DefaultValue("500ms") @NotNull Duration keyCacheTtl) {

    public SecurityProperties {
        if (bootstrapAdminKey != null && bootstrapAdminKey.isBlank()) {
            bootstrapAdminKey = null;
        }
        if (keyCacheTtl != null && (keyCacheTtl.isNegative() || keyCacheTtl.compareTo(Duration.ofSeconds(1)) > 0)) {
            throw new IllegalArgumentException("askflow.security.key-cache-ttl must be from 0 to 1s (a revoked key must"
                    + " be refused everywhere within a second), was " + keyCacheTtl);
        }
        if (bootstrapAdminKey != null && !ApiKeys.isWellFormed(bootstrapAdminKey)) {
            throw new IllegalArgumentException("askflow.security.bootstrap-admin-key must be ask_ followed by 43"
                    + " base64url characters (32 random bytes), e.g. one printed by the admin API; it is not");
        }
    }

    /** Never the key itself. */
    @Override
    public String toString() {
        return "SecurityProperties[enabled=" + enabled + ", bootstrapAdminKey=" + (bootstrapAdminKey == null ? "unset"
                : "set") + ", keyCacheTtl=" + keyCacheTtl + "]";
    }
}
