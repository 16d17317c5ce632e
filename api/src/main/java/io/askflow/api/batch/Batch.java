package io.askflow.api.batch;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A batch as stored in {@code batches}.
 *
 * @param id               {@code batch_} and 32 hex digits, time-ordered
 * @param tenant           its tenant
 * @param inputFileId      the file of its lines
 * @param endpoint         {@code /v1/chat/completions}
 * @param completionWindow as the client gave it ({@code 24h})
 * @param format           how the file's lines read, or {@code null} when the file is no batch file
 * @param status           its status
 * @param metadata         the client's own data
 * @param errors           why the whole batch failed, or empty
 * @param counts           its lines: all, completed, failed (live while it runs, fixed once it ended)
 * @param cursor           where its dispatch is in the file
 * @param times            when it reached each status
 */
public record Batch(String id, String tenant, String inputFileId, String endpoint, String completionWindow,
                    BatchFormat format, BatchStatus status, Map<String, Object> metadata, List<Error> errors,
                    Counts counts, Cursor cursor, Times times) {

    /** The hex digits of the id, shared with its output and error files' ids. */
    String hex() {
        return id.substring(id.indexOf('_') + 1);
    }

    /** The id of its output file: every completed line. */
    String outputFileId() {
        return BatchResults.OUTPUT_PREFIX + hex();
    }

    /** The id of its error file: every line that did not complete. */
    String errorFileId() {
        return BatchResults.ERRORS_PREFIX + hex();
    }

    static String newId(byte[] sixteenBytes) {
        return "batch_" + HexFormat.of().formatHex(sixteenBytes);
    }

    /** Why a batch failed as a whole: OpenAI's error data (code, message, line). */
    public record Error(String code, String message, String param, Long line) {
    }

    /** Lines all, completed and failed. */
    public record Counts(long total, long completed, long failed) {
    }

    /**
     * Where the dispatch is.
     *
     * @param nextLine     the number of the next line to read (1-based, header and blank lines counted)
     * @param nextOffset   its byte offset
     * @param openFloor    no line below it has an open job
     * @param dispatchDone whether every line was read
     */
    public record Cursor(long nextLine, long nextOffset, long openFloor, boolean dispatchDone) {
    }

    /** When the batch reached each status; {@code null} while it has not. */
    public record Times(Instant createdAt, Instant inProgressAt, Instant expiresAt, Instant finalizingAt,
                        Instant completedAt, Instant failedAt, Instant expiredAt, Instant cancellingAt,
                        Instant cancelledAt) {

        /** When the batch ended, or {@code null} while it runs. */
        Instant endedAt() {
            for (Instant at : new Instant[]{completedAt, failedAt, expiredAt, cancelledAt}) {
                if (at != null) {
                    return at;
                }
            }
            return null;
        }
    }
}
