package io.askflow.api.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A batch in OpenAI's shape ({@code object: "batch"}): times in Unix seconds, {@code null} while not reached.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BatchView(String id, String object, String endpoint, Errors errors,
                        @JsonProperty("input_file_id") String inputFileId,
                        @JsonProperty("completion_window") String completionWindow,
                        BatchStatus status,
                        @JsonProperty("output_file_id") String outputFileId,
                        @JsonProperty("error_file_id") String errorFileId,
                        @JsonProperty("created_at") Long createdAt,
                        @JsonProperty("in_progress_at") Long inProgressAt,
                        @JsonProperty("expires_at") Long expiresAt,
                        @JsonProperty("finalizing_at") Long finalizingAt,
                        @JsonProperty("completed_at") Long completedAt,
                        @JsonProperty("failed_at") Long failedAt,
                        @JsonProperty("expired_at") Long expiredAt,
                        @JsonProperty("cancelling_at") Long cancellingAt,
                        @JsonProperty("cancelled_at") Long cancelledAt,
                        @JsonProperty("request_counts") RequestCounts requestCounts,
                        Map<String, Object> metadata) {

    /** The view of {@code batch}. */
    static BatchView of(Batch batch) {
        Batch.Times t = batch.times();
        boolean ended = batch.status().isTerminal() && batch.status() != BatchStatus.FAILED;
        Batch.Counts counts = batch.counts();
        return new BatchView(batch.id(), "batch", batch.endpoint(),
                batch.errors().isEmpty() ? null : new Errors("list", batch.errors()), batch.inputFileId(),
                batch.completionWindow(), batch.status(), ended ? batch.outputFileId() : null,
                ended && counts.failed() > 0 ? batch.errorFileId() : null,
                seconds(t.createdAt()), seconds(t.inProgressAt()), seconds(t.expiresAt()), seconds(t.finalizingAt()),
                seconds(t.completedAt()), seconds(t.failedAt()), seconds(t.expiredAt()), seconds(t.cancellingAt()),
                seconds(t.cancelledAt()), new RequestCounts(counts.total(), counts.completed(), counts.failed()),
                batch.metadata().isEmpty() ? null : batch.metadata());
    }

    private static Long seconds(Instant at) {
        return at == null ? null : at.getEpochSecond();
    }

    /** Why the batch failed as a whole. */
    public record Errors(String object, List<Batch.Error> data) {
    }

    /** Its lines: all, completed, failed (live while it runs). */
    public record RequestCounts(long total, long completed, long failed) {
    }

    /** A page of batches, newest first. */
    public record Page(String object, List<BatchView> data, @JsonProperty("first_id") String firstId,
                       @JsonProperty("last_id") String lastId, @JsonProperty("has_more") boolean hasMore) {
    }
}
