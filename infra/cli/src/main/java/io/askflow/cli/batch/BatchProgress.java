package io.askflow.cli.batch;

import tools.jackson.databind.JsonNode;

/** Shows a running batch as it is polled: a progress bar on a terminal, plain lines elsewhere. */
interface BatchProgress extends AutoCloseable {

    /** The batch as the latest poll saw it. */
    void show(JsonNode batch);

    /** The batch has ended (or the wait ran out): the last state stays on screen. */
    @Override
    void close();
}
