package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Where a page of {@code GET /v1/jobs} ended: the last job's submission time (microseconds, as PostgreSQL keeps it)
 * and id, the key of the index {@code jobs_tenant_submitted}. Opaque to callers: base64url text they pass back.
 *
 * @param submittedAt the last job's submission time
 * @param id          the last job's id
 */
record JobCursor(Instant submittedAt, UUID id) {

    String encode() {
        long micros = Math.addExact(Math.multiplyExact(submittedAt.getEpochSecond(), 1_000_000L),
                submittedAt.getNano() / 1_000);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a page answered with; a 400 naming {@code cursor} for anything else. */
    static JobCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\.", 2);
            long micros = Long.parseLong(parts[0]);
            UUID id = UUID.fromString(parts[1]);
            return new JobCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), id);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidJobRequestException(List.of(new Violation("cursor", "is not a cursor of this list: pass"
                    + " the nextCursor of the previous page as it was")));
        }
    }
}
