package io.askflow.api.auth;

import io.askflow.core.tenant.Tenants;
import jakarta.servlet.http.HttpServletRequest;

import java.util.UUID;

/**
 * Who is calling: the tenant whose API key came with the request, the key's id, and whether the key is an admin's.
 * Set once per request by authentication as the request attribute {@link #ATTRIBUTE}; everything after it (rate
 * limits, idempotency, reads and writes) asks the request for its caller and scopes by {@link #tenant()}.
 *
 * @param tenant the caller's tenant
 * @param keyId  the API key's id, or {@code null} when authentication is off
 * @param admin  whether the key may use the admin API and see every tenant
 */
public record Caller(String tenant, UUID keyId, boolean admin) {

    /** The request attribute that holds the {@link Caller}. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** The caller of every request when authentication is off: the default tenant, as an admin. */
    public static final Caller UNAUTHENTICATED = new Caller(Tenants.DEFAULT, null, true);

    /** The caller of a request that passed authentication. */
    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller instanceof Caller known) {
            return known;
        }
        throw new IllegalStateException("no caller on the request: authentication did not run before "
                + request.getRequestURI());
    }
}
