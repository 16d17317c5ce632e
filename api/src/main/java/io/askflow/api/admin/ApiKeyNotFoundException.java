package io.askflow.api.admin;

import java.util.UUID;

/** No API key has this id: a 404 ({@code API_KEY_NOT_FOUND}). */
public class ApiKeyNotFoundException extends RuntimeException {

    public ApiKeyNotFoundException(UUID id) {
        super("no API key has the id " + id);
    }
}
