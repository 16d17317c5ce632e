package io.askflow.api.admin;

import io.askflow.api.auth.ApiKeyStore;
import io.askflow.api.auth.ApiKeys;
import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.api.job.PathIds;
import io.askflow.api.tenant.TenantStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The admin API's keys: create (the key is in that answer and never again), list (prefixes and dates, never a hash),
 * revoke. Admin keys only. A revoked key is refused by every instance within {@code askflow.security.key-cache-ttl}.
 */
@RestController
@RequestMapping("/v1/admin/keys")
@Tag(name = "admin")
@SecurityRequirement(name = "bearer")
public class ApiKeyController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);

    /** The longest key name taken. */
    static final int MAX_NAME_LENGTH = 200;

    private final ApiKeyStore keys;
    private final TenantStore tenants;
    private final Clock clock;

    public ApiKeyController(ApiKeyStore keys, TenantStore tenants, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Create an API key",
            description = "201 with the key in the field key: shown this once, only its SHA-256 is stored. 400 for an"
                    + " invalid field, 404 for an unknown tenant, 403 for a tenant's key.")
    @ApiResponses({
            @ApiResponse(responseCode = "201", description = "Created, with the key",
                    content = @Content(schema = @Schema(implementation = KeyView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid request (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "403", description = "Not an admin key (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "404", description = "No such tenant (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<KeyView> createKey(@RequestBody CreateKeyRequest body, HttpServletRequest request) {
        TenantController.requireAdmin(request);
        if (body.name() == null || body.name().isBlank() || body.name().length() > MAX_NAME_LENGTH) {
            throw new InvalidJobRequestException(List.of(new Violation("name", "must be 1 to " + MAX_NAME_LENGTH
                    + " characters: who or what holds the key")));
        }
        if (body.tenant() == null || tenants.find(body.tenant()).isEmpty()) {
            throw new TenantNotFoundException(String.valueOf(body.tenant()));
        }
        String key = ApiKeys.generate();
        ApiKeyStore.StoredKey stored = keys.create(body.tenant(), body.name(), key, Boolean.TRUE.equals(body.admin()),
                clock.instant());
        log.info("API key {} created for the tenant {} (admin: {})", stored.id(), stored.tenant(), stored.admin());
        return ResponseEntity.created(URI.create("/v1/admin/keys/" + stored.id())).body(KeyView.revealing(stored, key));
    }

    @GetMapping
    @Operation(summary = "List API keys", description = "The keys of a tenant (every tenant's without tenant), oldest"
            + " first: prefix, name, dates; never the key nor its hash. 403 for a tenant's key.")
    public List<KeyView> listKeys(@Parameter(description = "Only this tenant's keys", example = "team-a")
                                  @RequestParam(name = "tenant", required = false) String tenant,
                                  HttpServletRequest request) {
        TenantController.requireAdmin(request);
        return keys.list(tenant).stream().map(KeyView::of).toList();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "200 with the key, revoked (revoking again changes"
            + " nothing); every instance refuses it within a second. 404 for an unknown id, 403 for a tenant's key.")
    public KeyView revokeKey(@PathVariable("id") String id, HttpServletRequest request) {
        TenantController.requireAdmin(request);
        UUID keyId = PathIds.parse(id, "key");
        ApiKeyStore.StoredKey revoked = keys.revoke(keyId, clock.instant())
                .orElseThrow(() -> new ApiKeyNotFoundException(keyId));
        log.info("API key {} of the tenant {} revoked", revoked.id(), revoked.tenant());
        return KeyView.of(revoked);
    }
}
