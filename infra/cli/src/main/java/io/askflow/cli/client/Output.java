package io.askflow.cli.client;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.function.Function;

/** The {@code --json} option of the commands that show what the API answered: its JSON, or text for people. */
public final class Output {

    @Option(names = "--json", description = "Print the API's JSON answer instead of text for people")
    private boolean json;

    /** Prints the answer as indented JSON with --json, else as {@code forPeople} writes it. */
    public void print(PrintWriter out, JsonNode answer, Function<JsonNode, String> forPeople) {
        out.print(json ? Json.pretty(answer) + System.lineSeparator() : forPeople.apply(answer));
        out.flush();
    }

    /**
     * Prints a page of a list, and on standard error the command that shows the next page, when there is one (and
     * no --json: the JSON says it).
     */
    public void printPage(CommandSpec spec, JsonNode page, Function<JsonNode, String> forPeople, String nextPage) {
        print(spec.commandLine().getOut(), page, forPeople);
        if (!json && nextPage != null) {
            spec.commandLine().getErr().println("more: " + nextPage);
            spec.commandLine().getErr().flush();
        }
    }

    /** Whether --json was given. */
    public boolean json() {
        return json;
    }
}
