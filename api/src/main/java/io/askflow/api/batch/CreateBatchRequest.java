package io.askflow.api.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * The body of {@code POST /v1/batches}, OpenAI's. Fields OpenAI added since (and this server does not use) are
 * ignored, so that newer clients work.
 *
 * @param inputFileId      the uploaded file of lines (purpose batch)
 * @param endpoint         {@code /v1/chat/completions}
 * @param completionWindow how long the batch may take: {@code 24h} (any of 1s to 168h: a number and s, m or h)
 * @param metadata         up to 16 string pairs of the client's own, returned untouched
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateBatchRequest(
        @Schema(description = "The uploaded file of lines", example = "file-6f1e0c...",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("input_file_id") String inputFileId,
        @Schema(description = "The endpoint every line asks", example = "/v1/chat/completions",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String endpoint,
        @Schema(description = "How long the batch may take; lines not answered by then are batch_expired",
                example = "24h", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("completion_window") String completionWindow,
        @Schema(description = "Up to 16 pairs of the client's own", example = "{\"run\": \"nightly\"}")
        Map<String, Object> metadata) {
}
