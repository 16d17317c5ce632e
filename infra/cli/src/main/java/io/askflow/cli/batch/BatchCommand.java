package io.askflow.cli.batch;

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

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code askflow batch ...}: OpenAI-style batches of questions ({@code /v1/files}, {@code /v1/batches}):
 * submit a file, see a batch, cancel it, list them, download its result files.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, description = "Run files of questions as batches.",
        subcommands = {BatchSubmitCommand.class, BatchCommand.StatusCommand.class, BatchCommand.CancelCommand.class,
            BatchCommand.ListCommand.class, BatchCommand.DownloadCommand.class})
public final class BatchCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a batch command: submit, status, cancel, list or download");
    }

    static ApiClient api(CommandSpec spec) {
        return ((Session) spec.root().userObject()).api();
    }

    static String path(String batchId) {
        return "/v1/batches/" + ApiClient.segment(batchId);
    }

    /** A command on one batch that shows the batch the API answers. */
    abstract static class OneBatchCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The batch's id")
        String id;

        @Mixin
        Output output;

        /** The call, answering the batch object. */
        abstract JsonNode answer(ApiClient api);

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), answer(api(spec)), BatchFormat::details);
            return ExitCode.OK;
        }
    }

    /** {@code askflow batch status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a batch: status, counts, files.")
    static final class StatusCommand extends OneBatchCommand {

        @Override
        JsonNode answer(ApiClient api) {
            return api.get(path(id));
        }
    }

    /** {@code askflow batch cancel ID}: no new line starts; running lines finish. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a batch: no new line starts, running lines finish.")
    static final class CancelCommand extends OneBatchCommand {

        @Override
        JsonNode answer(ApiClient api) {
            return api.post(path(id) + "/cancel", null);
        }
    }

    /** {@code askflow batch list}: the caller's batches, newest first. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your batches, newest first.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Batches per page (default: ${DEFAULT-VALUE})")
        private int limit;

        @Option(names = "--after", paramLabel = "ID", description = "The page after this batch (the last id of the previous page)")
        private String after;

        @Mixin
        private Output output;

        @Override
        public Integer call() {
            JsonNode list = api(spec).get("/v1/batches" + ApiClient.query("limit", limit, "after", after));
            boolean more = list.path("has_more").asBoolean(false);
            output.printPage(spec, list, BatchFormat::table, more ? "askflow batch list --after " + Json.text(list, "last_id") : null);
            return ExitCode.OK;
        }
    }

    /** {@code askflow batch download ID}: a batch's output and error files. */
    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a batch's output and error files.")
    static final class DownloadCommand implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The batch's id")
        private String id;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
                description = "Where to put the files (default: the current directory)")
        private Path directory;

        @Override
        public Integer call() {
            ApiClient api = api(spec);
            BatchFiles.download(api, api.get(path(id)), directory, spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }
}
