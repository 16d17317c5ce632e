package io.askflow.workers.support;

import io.askflow.workers.WorkersApplication;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A worker as a real separate JVM running {@link WorkersApplication} on the test classpath, to be killed. */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a worker JVM with {@code settings} as {@code --name=value} arguments; its output goes to {@code log}. */
    public static WorkerProcess start(Map<String, Object> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                WorkersApplication.class.getName(), "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(WorkerSettings.arguments(settings)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(process, log);
    }

    /** Kills the JVM at once, like {@code kill -9}: no shutdown hook, no commit, no leaving the group. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }
}
