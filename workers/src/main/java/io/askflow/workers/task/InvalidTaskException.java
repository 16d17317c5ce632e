package io.askflow.workers.task;

/** A task record that was read but cannot be run (missing ids or request). Never retried: it goes to the dead-letter topic. */
public class InvalidTaskException extends RuntimeException {

    public InvalidTaskException(String message) {
        super(message);
    }
}
