package io.askflow.api.batch;

import io.askflow.core.error.ErrorCode;

/** An upload past {@code askflow.api.batches.max-file-bytes} or {@code max-lines} (a 413). */
public class FileTooLargeException extends BatchException {

    private FileTooLargeException(String message) {
        super(ErrorCode.FILE_TOO_LARGE, message);
    }

    static FileTooLargeException bytes(long max) {
        return new FileTooLargeException("the file is larger than " + max + " bytes");
    }

    static FileTooLargeException lines(long max) {
        return new FileTooLargeException("the file has more than " + max + " lines");
    }
}
