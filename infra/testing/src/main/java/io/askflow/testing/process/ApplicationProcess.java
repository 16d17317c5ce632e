package io.askflow.testing.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot application as a real separate JVM on the test class path, to be killed like {@code kill -9}
 * (for tests of a process crash) or stopped like {@code kill -TERM} (for tests of a clean stop). Its settings are
 * {@code --name=value} arguments, which outrank the role's defaults file as they would for a deployed process;
 * its output goes to a log file.
 */
public final class ApplicationProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ApplicationProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} in a small JVM (256 MB heap, C1 only, serial GC) without a web server.
     *
     * @param mainClass the application's main class
     * @param settings  Spring properties, passed as {@code --name=value}
     * @param log       where its standard output and error go
     * @return the running process
     * @throws IOException when the JVM cannot be started
     */
    public static ApplicationProcess start(Class<?> mainClass, Map<String, ?> settings, Path log) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(arguments(settings)));
        return startMain(mainClass, List.of("-Xmx256m"), arguments, log);
    }

    /**
     * Starts any {@code main} (a command-line entry point such as the dev mode's) in a JVM on the test class path
     * with C1 only and the serial GC, its options and arguments passed as they are.
     *
     * @param mainClass  the class with the {@code main} method
     * @param jvmOptions options of the JVM, e.g. {@code -Xmx768m} or {@code -Dname=value}
     * @param arguments  its command-line arguments
     * @param log        where its standard output and error go
     * @return the running process
     * @throws IOException when the JVM cannot be started
     */
    public static ApplicationProcess startMain(Class<?> mainClass, List<String> jvmOptions, List<String> arguments,
                                               Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), mainClass.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ApplicationProcess(process, log);
    }

    /**
     * Settings as command-line arguments ({@code --name=value}): unlike {@code SpringApplicationBuilder
     * .properties(...)}, which Spring Boot ranks below the role's own defaults file, these win over it.
     *
     * @param settings Spring properties
     * @return one argument per setting, in the map's order
     */
    public static String[] arguments(Map<String, ?> settings) {
        return settings.entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
    }

    /**
     * Kills the JVM at once, like {@code kill -9}: no shutdown hook, no commit, no leaving a group.
     *
     * @throws InterruptedException when interrupted while waiting for it to end
     */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Asks the JVM to stop, like {@code kill -TERM} (what {@link Process#destroy()} sends on Linux and macOS): its
     * shutdown hooks run. Returns at once; see {@link #awaitExit(Duration)}.
     */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits for the JVM to end.
     *
     * @param timeout how long to wait at most
     * @return whether it ended in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The JVM's exit code; 143 (128 + SIGTERM) after {@link #terminate()} on Linux.
     *
     * @return its exit code
     * @throws IllegalThreadStateException while it still runs
     */
    public int exitValue() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
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
