package io.askflow.core.tenant;

import java.util.regex.Pattern;

/**
 * Tenant ids and cache scopes (ADR 7). A tenant is a team that shares Askflow with others: its jobs, batches,
 * webhooks and deliveries are its own. A cache scope is where answers are shared: a tenant's own scope
 * ({@code tenant:<id>}) unless the tenant opted into a named shared scope ({@code shared:<name>}); with
 * authentication off every job is the {@link #DEFAULT} tenant's, in the scope {@link #DEFAULT_SCOPE}.
 */
public final class Tenants {

    /** The tenant of every job when authentication is off, and of jobs stored before tenants existed. */
    public static final String DEFAULT = "default";

    /** The cache scope of the default tenant (and of every job before tenants existed). */
    public static final String DEFAULT_SCOPE = "default";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SHARED_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Tenants() {
    }

    /** Whether {@code id} is a valid tenant id: lower-case letters, digits and dashes, 1 to 63, no leading dash. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code name} is a valid shared scope name (the same rule as a tenant id). */
    public static boolean isValidSharedName(String name) {
        return name != null && SHARED_NAME.matcher(name).matches();
    }

    /** The cache scope of a tenant: {@code shared:<name>} when it opted into one, else its own. */
    public static String cacheScope(String tenant, String sharedScopeName) {
        if (DEFAULT.equals(tenant) && sharedScopeName == null) {
            return DEFAULT_SCOPE;
        }
        return sharedScopeName == null ? "tenant:" + tenant : "shared:" + sharedScopeName;
    }
}
