package io.askflow.core.error;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

    /** Codes whose messages once carried an exception's text: callers see the catalog's text for them. */
    private static final Set<ErrorCode> FROM_EXCEPTIONS = Set.of(ErrorCode.WORKER_ERROR, ErrorCode.PIPELINE_ERROR);
    /** A URL (an Ollama host, a receiver) or an IPv4 address with or without a port. */
    private static final Pattern ADDRESSES = Pattern.compile(
            "[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s,;)\"']+|\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b");
    /** What an address is replaced with. */
    static final String HIDDEN_ADDRESS = "<host>";

    /** The catalog's entry for {@link #type()}, or empty for a code this version does not know. */
    public Optional<ErrorCode> code() {
        return Arrays.stream(ErrorCode.values()).filter(code -> code.name().equals(type)).findFirst();
    }

    /**
     * This error as callers may see it: the type and attempts as they are, and a message that names no host and
     * quotes no exception. The producers write public messages (the details go to their logs); this is the second
     * line for rows written before, and for whatever slips through: a message of a code this version does not know,
     * or of a code whose messages came from exceptions ({@code WORKER_ERROR}, {@code PIPELINE_ERROR}), is replaced
     * by the catalog's title and advice; any other has its URLs and IP addresses replaced by {@value #HIDDEN_ADDRESS}.
     */
    public JobError forCallers() {
        Optional<ErrorCode> code = code();
        if (code.isEmpty() || code.get().kind() != ErrorCode.Kind.JOB || FROM_EXCEPTIONS.contains(code.get())) {
            String advice = code.map(ErrorCode::advice).orElse("submit the job again; if it fails again, report it")
                    .replace("<dlt>", "a dead-letter topic");
            String title = code.map(ErrorCode::title).orElse("The job failed");
            return new JobError(type, title + ": " + advice, attempts);
        }
        String shown = message == null ? code.get().title() : ADDRESSES.matcher(message).replaceAll(HIDDEN_ADDRESS);
        return shown.equals(message) ? this : new JobError(type, shown, attempts);
    }

    /** Whether this error is of {@code code}. */
    public boolean is(ErrorCode code) {
        return code.name().equals(type);
    }
}
