package io.askflow.cli;

import io.askflow.cli.client.CliContext;

import java.io.Console;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;

/** The main of {@code askflow.jar}: runs {@link AskflowCommand} on the process's streams and exits with its code. */
public final class AskflowMain {

    private AskflowMain() {
    }

    public static void main(String[] args) {
        CliContext context = new CliContext(System.getenv(), isTerminal(), System.err, Clock.systemUTC());
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        int exitCode = AskflowCommand.commandLine(context, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /**
     * Whether standard output is a terminal. {@link System#console()} is null when it is not up to Java 21; from
     * Java 22 on a console may exist without a terminal, which {@code Console.isTerminal()} tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only on a terminal
        }
    }
}
