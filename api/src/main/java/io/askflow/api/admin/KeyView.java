package io.askflow.api.admin;

import io.askflow.api.auth.ApiKeyStore;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * An API key as the admin API shows it: never its hash, and its text only in the answer that created it.
 *
 * @param id        the key's id (to revoke it)
 * @param tenant    the tenant it acts for
 * @param name      its holder
 * @param prefix    its first characters, to tell keys apart
 * @param admin     whether it is an admin key
 * @param createdAt when it was created
 * @param revokedAt when it was revoked; absent while valid
 * @param key       the key itself: only in the answer to its creation, never again
 */
public record KeyView(UUID id, String tenant, String name,
                      @Schema(example = "ask_Zx81mQa0") String prefix, boolean admin, Instant createdAt,
                      Instant revokedAt,
                      @Schema(description = "The key, shown this once: send it as Authorization: Bearer <key>")
                      String key) {

    /** A stored key, without its text. */
    static KeyView of(ApiKeyStore.StoredKey key) {
        return new KeyView(key.id(), key.tenant(), key.name(), key.prefix(), key.admin(), key.createdAt(),
                key.revokedAt(), null);
    }

    /** A key just created, with its text. */
    static KeyView revealing(ApiKeyStore.StoredKey key, String text) {
        return new KeyView(key.id(), key.tenant(), key.name(), key.prefix(), key.admin(), key.createdAt(), null, text);
    }
}
