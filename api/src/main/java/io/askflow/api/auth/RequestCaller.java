package io.askflow.api.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller of a request for the parts that scope by tenant (rate limits, idempotency keys): the {@link Caller}
 * authentication set, or {@link Caller#UNAUTHENTICATED} (the default tenant) when no authentication ran, as with
 * authentication off.
 */
public final class RequestCaller {

    private RequestCaller() {
    }

    /** The request's caller, or the default tenant's. */
    public static Caller of(HttpServletRequest request) {
        return request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller ? caller : Caller.UNAUTHENTICATED;
    }
}
