package io.askflow.api.admin;

/** A tenant with this id exists already: a 409 ({@code TENANT_EXISTS}). */
public class TenantExistsException extends RuntimeException {

    public TenantExistsException(String id) {
        super("a tenant with the id \"" + id + "\" exists already");
    }
}
