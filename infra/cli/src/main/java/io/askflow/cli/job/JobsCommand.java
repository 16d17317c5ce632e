package io.askflow.cli.job;

import io.askflow.cli.client.ApiClient;
import io.askflow.cli.client.ExitCode;
import io.askflow.cli.client.Json;
import io.askflow.cli.client.Output;
import io.askflow.cli.client.Session;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.Callable;

/** {@code askflow jobs get ID} and {@code askflow jobs list}: read jobs ({@code GET /v1/jobs/{id}}, {@code GET /v1/jobs}). */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Read jobs.",
        subcommands = {JobsCommand.GetCommand.class, JobsCommand.ListCommand.class})
public final class JobsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a jobs command: get or list");
    }

    /** {@code askflow jobs get ID}: one job, with its answer or error. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a job: status, answer or error, tokens.")
    static final class GetCommand implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The job's id")
        private String id;

        @Mixin
        private Output output;

        @Override
        public Integer call() {
            JsonNode job = ((Session) spec.root().userObject()).api().get("/v1/jobs/" + ApiClient.segment(id));
            output.print(spec.commandLine().getOut(), job, JobFormat::details);
            return ExitCode.OK;
        }
    }

    /** {@code askflow jobs list}: the caller's jobs, newest first, a page at a time. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your jobs, newest first.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only jobs in this status: QUEUED, RUNNING, COMPLETED, FAILED")
        private String status;

        @Option(names = "--chain", paramLabel = "NAME", description = "Only jobs of this chain")
        private String chain;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "Jobs per page, 1 to 100 (default: ${DEFAULT-VALUE})")
        private int limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "The page after the one that printed this cursor")
        private String cursor;

        @Mixin
        private Output output;

        @Override
        public Integer call() {
            String query = ApiClient.query("limit", limit, "status", status, "chain", chain, "cursor", cursor);
            JsonNode page = ((Session) spec.root().userObject()).api().get("/v1/jobs" + query);
            String next = Json.text(page, "nextCursor");
            output.printPage(spec, page, JobFormat::table, next == null ? null : "askflow jobs list --cursor " + next);
            return ExitCode.OK;
        }
    }
}
