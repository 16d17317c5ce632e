package io.askflow.api.web;

/** A request body over {@code askflow.api.max-body-bytes}: answered 413. */
public class BodyTooLargeException extends RuntimeException {

    public BodyTooLargeException(long length, long maxBytes) {
        super("the body is " + length + " bytes long; the limit is " + maxBytes
                + ": shorten the question, metadata or options, or split it into several jobs");
    }
}
