package io.askflow.api.batch;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * An uploaded file, as OpenAI's Files API shows it ({@code object: "file"}).
 *
 * @param id        {@code file-} and 32 hex digits
 * @param tenant    the tenant that uploaded it (not shown)
 * @param filename  the name the client gave
 * @param purpose   {@code batch}
 * @param bytes     its size
 * @param lineCount its lines that are not blank (not shown)
 * @param createdAt when it was uploaded
 */
public record BatchFile(String id, String tenant, String filename, String purpose, long bytes, long lineCount,
                        Instant createdAt) {

    /** The file in OpenAI's shape. */
    public View view() {
        return new View(id, "file", bytes, createdAt.getEpochSecond(), filename, purpose);
    }

    /** OpenAI's file object. */
    public record View(String id, String object, long bytes, @JsonProperty("created_at") long createdAt,
                       String filename, String purpose) {
    }
}
