package io.askflow.workers.run;

/** A task record that was read but cannot be run (missing ids or request). Never retried: it goes to the dead-letter topic. */
public class InvalidRunRequestException extends RuntimeException {

    public InvalidRunRequestException(String message) {
        super(message);
    }
}
