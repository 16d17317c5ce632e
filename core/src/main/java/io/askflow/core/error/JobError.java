package io.askflow.core.error;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a job or a run failed: failures become data at the boundary. Built from the catalog
 * ({@link ErrorCode#error(String, int)}); the type stays a string on the wire, so a reader of an older version
 * still reads a code it does not know.
 *
 * @param type     a stable, machine-readable {@link ErrorCode} name, e.g. {@code OLLAMA_MODEL_NOT_FOUND}
 * @param message  what happened and what to do, for a person
 * @param attempts how many attempts were made
 */
public record JobError(String type, String message, int attempts) {

    /** The catalog's entry for {@link #type()}, or empty for a code this version does not know. */
    public Optional<ErrorCode> code() {
        return Arrays.stream(ErrorCode.values()).filter(code -> code.name().equals(type)).findFirst();
    }

    /** Whether this error is of {@code code}. */
    public boolean is(ErrorCode code) {
        return code.name().equals(type);
    }
}
