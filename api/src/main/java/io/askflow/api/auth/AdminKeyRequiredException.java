package io.askflow.api.auth;

/** A tenant's key on an admin-only endpoint: answered 403 ({@code ADMIN_KEY_REQUIRED}). */
public class AdminKeyRequiredException extends RuntimeException {

    public AdminKeyRequiredException(String what) {
        super(what + " takes an admin key; this key is the tenant's");
    }
}
