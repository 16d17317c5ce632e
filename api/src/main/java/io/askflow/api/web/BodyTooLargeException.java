package io.askflow.api.web;

/** A request body over {@code askflow.api.max-body-bytes}: answered 413. */
public class BodyTooLargeException extends RuntimeException {

    private static final String ADVICE = ": shorten the question, metadata or options, or split it into several jobs";

    /** A body that says, by its {@code Content-Length}, that it is too long. */
    public BodyTooLargeException(long length, long maxBytes) {
        super("the body is " + length + " bytes long; the limit is " + maxBytes + ADVICE);
    }

    /** A body without a length (chunked) found too long as it was read. */
    public BodyTooLargeException(long maxBytes) {
        super("the body is over " + maxBytes + " bytes long; the limit is " + maxBytes + ADVICE);
    }
}
