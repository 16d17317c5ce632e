package io.askflow.api.batch;

import io.askflow.core.error.ErrorCode;

/** A request about files or batches that cannot be served: its {@link ErrorCode} gives the problem's status. */
public class BatchException extends RuntimeException {

    private final ErrorCode code;

    public BatchException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** What went wrong, in the error catalog. */
    public ErrorCode code() {
        return code;
    }

    static BatchException fileNotFound(String id) {
        return new BatchException(ErrorCode.FILE_NOT_FOUND, "no file has the id " + id);
    }

    static BatchException batchNotFound(String id) {
        return new BatchException(ErrorCode.BATCH_NOT_FOUND, "no batch has the id " + id);
    }
}
