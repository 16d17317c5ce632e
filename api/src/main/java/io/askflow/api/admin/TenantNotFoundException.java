package io.askflow.api.admin;

/** No tenant has this id: a 404 ({@code TENANT_NOT_FOUND}). */
public class TenantNotFoundException extends RuntimeException {

    public TenantNotFoundException(String id) {
        super("no tenant has the id \"" + id + "\"");
    }
}
