package io.askflow.api.admin;

import io.askflow.api.auth.AdminKeyRequiredException;
import io.askflow.api.auth.Caller;
import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.api.tenant.Tenant;
import io.askflow.api.tenant.TenantStore;
import io.askflow.core.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The admin API's tenants: create, list, get, change. Admin keys only (a tenant's key gets a 403). */
@RestController
@RequestMapping("/v1/admin/tenants")
@Tag(name = "admin", description = "Tenants and API keys (admin keys only)")
@SecurityRequirement(name = "bearer")
public class TenantController {

    /** The longest tenant name taken. */
    static final int MAX_NAME_LENGTH = 200;
    /** The highest weight in the fair share. */
    static final int MAX_WEIGHT = 1000;

    private static final Set<String> PATCHABLE = Set.of("name", "sharedCacheScope", "weight", "requestsPerSecond",
            "maxQueuedJobs");

    private final TenantStore tenants;
    private final Clock clock;

    public TenantController(TenantStore tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Create a tenant", description = "201 with the tenant; 400 for an invalid field, 409 when the"
            + " id is taken, 403 for a tenant's key.")
    @ApiResponses({
            @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = Tenant.class))),
            @ApiResponse(responseCode = "400", description = "Invalid request (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "403", description = "Not an admin key (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "409", description = "The id is taken (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<Tenant> createTenant(@RequestBody CreateTenantRequest body, HttpServletRequest request) {
        requireAdmin(request);
        List<Violation> violations = new ArrayList<>();
        if (!Tenants.isValidId(body.id())) {
            violations.add(new Violation("id", "must be 1 to 63 lower-case letters, digits and dashes, not starting"
                    + " with a dash, was " + quoted(body.id())));
        }
        Tenant tenant = new Tenant(body.id(), body.name() == null ? body.id() : body.name(), body.sharedCacheScope(),
                body.weight() == null ? 1 : body.weight(), body.requestsPerSecond(), body.maxQueuedJobs(),
                clock.instant());
        check(tenant, violations);
        if (!tenants.create(tenant)) {
            throw new TenantExistsException(tenant.id());
        }
        return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant.id()))
                .body(tenants.find(tenant.id()).orElse(tenant));
    }

    @GetMapping
    @Operation(summary = "List the tenants", description = "Every tenant, by id. 403 for a tenant's key.")
    public List<Tenant> listTenants(HttpServletRequest request) {
        requireAdmin(request);
        return tenants.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a tenant", description = "404 for an unknown id, 403 for a tenant's key.")
    public Tenant getTenant(@PathVariable("id") String id, HttpServletRequest request) {
        requireAdmin(request);
        return tenants.find(id).orElseThrow(() -> new TenantNotFoundException(id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a tenant",
            description = "A JSON merge patch: the fields given replace the tenant's (name, sharedCacheScope, weight,"
                    + " requestsPerSecond, maxQueuedJobs); null clears sharedCacheScope, requestsPerSecond or"
                    + " maxQueuedJobs. A new shared scope applies to jobs submitted after it (within a few seconds on"
                    + " every instance). 400 for an unknown or invalid field, 404 for an unknown id.")
    public Tenant patchTenant(@PathVariable("id") String id,
                              @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                      schema = @Schema(implementation = CreateTenantRequest.class)))
                              @RequestBody JsonNode patch, HttpServletRequest request) {
        requireAdmin(request);
        Tenant current = tenants.find(id).orElseThrow(() -> new TenantNotFoundException(id));
        Tenant changed = TenantPatch.apply(current, patch, PATCHABLE);
        check(changed, new ArrayList<>());
        if (!tenants.update(changed)) {
            throw new TenantNotFoundException(id);
        }
        return tenants.find(id).orElseThrow(() -> new TenantNotFoundException(id));
    }

    private static void check(Tenant tenant, List<Violation> violations) {
        if (tenant.name() == null || tenant.name().isBlank() || tenant.name().length() > MAX_NAME_LENGTH) {
            violations.add(new Violation("name", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        }
        if (tenant.sharedCacheScope() != null && !Tenants.isValidSharedName(tenant.sharedCacheScope())) {
            violations.add(new Violation("sharedCacheScope", "must be 1 to 63 lower-case letters, digits and dashes,"
                    + " was " + quoted(tenant.sharedCacheScope())));
        }
        if (tenant.weight() < 1 || tenant.weight() > MAX_WEIGHT) {
            violations.add(new Violation("weight", "must be from 1 to " + MAX_WEIGHT + ", was " + tenant.weight()));
        }
        positive("requestsPerSecond", tenant.requestsPerSecond(), violations);
        positive("maxQueuedJobs", tenant.maxQueuedJobs(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidJobRequestException(violations);
        }
    }

    private static void positive(String field, Integer value, List<Violation> violations) {
        if (value != null && value < 1) {
            violations.add(new Violation(field, "must be a positive whole number, or omitted for the deployment's"
                    + " default; was " + value));
        }
    }

    private static String quoted(String text) {
        return text == null ? "nothing" : "\"" + text + "\"";
    }

    static void requireAdmin(HttpServletRequest request) {
        if (!Caller.of(request).admin()) {
            throw new AdminKeyRequiredException("the admin API");
        }
    }
}
