package io.askflow.cli;

import io.askflow.cli.client.CliContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the askflow command in the test's JVM with captured output, as a shell would run it. */
public final class CliRun {

    private CliRun() {
    }

    /** What a run printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code askflow ARGS} with no environment variables. */
    public static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs {@code askflow ARGS} with the given environment variables. */
    public static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AskflowCommand.commandLine(CliContext.plain(environment), new PrintWriter(out, true),
                new PrintWriter(err, true)).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
