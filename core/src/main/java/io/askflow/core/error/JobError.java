package io.askflow.core.error;

/**
 * Why a job or a run failed: failures become data at the boundary.
 *
 * @param type     a stable, machine-readable kind, e.g. {@code OLLAMA_MODEL_NOT_FOUND}
 * @param message  what happened, for a person
 * @param attempts how many attempts were made
 */
public record JobError(String type, String message, int attempts) {
}
