package io.askflow.pipeline.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Streams {@code state.dir}: configured, or a temporary directory of its own (so that several
 * apps in one JVM or on one host never share one) removed when the context closes, after Streams
 * has stopped.
 *
 * @param path      the directory
 * @param temporary whether it was made here and is removed at shutdown
 */
record StreamsStateDirectory(Path path, boolean temporary) implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamsStateDirectory.class);

    static StreamsStateDirectory configured(Path path) {
        return new StreamsStateDirectory(path, false);
    }

    static StreamsStateDirectory createTemporary() {
        try {
            return new StreamsStateDirectory(Files.createTempDirectory("askflow-pipeline-streams-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka Streams state directory", e);
        }
    }

    @Override
    public void destroy() {
        if (!temporary) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(path);
        } catch (IOException e) {
            log.warn("could not remove the temporary Streams state directory {}: {}", path, e.toString());
        }
    }
}
