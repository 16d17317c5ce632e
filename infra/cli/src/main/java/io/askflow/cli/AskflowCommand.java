package io.askflow.cli;

import io.askflow.cli.batch.BatchCommand;
import io.askflow.cli.client.ApiClient;
import io.askflow.cli.client.ApiException;
import io.askflow.cli.client.CliContext;
import io.askflow.cli.client.ExitCode;
import io.askflow.cli.client.Session;
import io.askflow.cli.job.AskCommand;
import io.askflow.cli.job.JobsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code askflow}: the top-level command. It holds the options every subcommand shares (--url, --api-key, given
 * before or after the subcommand) and turns what goes wrong into one line on standard error and an exit code
 * ({@link ExitCode}).
 */
@Command(name = "askflow", mixinStandardHelpOptions = true, version = "askflow 0.1.0",
        description = "Ask Askflow questions, read jobs and run batches through its REST API.",
        subcommands = {AskCommand.class, JobsCommand.class, BatchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (the job completed, the batch completed with every line answered)",
            "1:the job failed, or the batch did not complete or has failed lines",
            "2:wrong command line (unknown option, missing argument, unreadable file)",
            "3:the API answered an error or could not be reached",
            "4:the wait ran out before the job or batch ended"})
public final class AskflowCommand implements Runnable, Session {

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The API's base URL (default: $" + CliContext.URL_VARIABLE + ", else " + CliContext.DEFAULT_URL + ")")
    private String url;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "The API key (default: $" + CliContext.KEY_VARIABLE + ", else $" + CliContext.CURL_KEY_VARIABLE
                    + "; dev mode prints one in its banner)")
    private String apiKey;

    private final CliContext context;
    private ApiClient api;

    public AskflowCommand(CliContext context) {
        this.context = context;
    }

    /** The command line of {@code askflow} in the given context, writing to the given streams. */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new AskflowCommand(context));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(AskflowCommand::handle);
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: ask, jobs or batch");
    }

    @Override
    public synchronized ApiClient api() {
        if (api == null) {
            api = new ApiClient(baseUrl(), apiKey());
        }
        return api;
    }

    @Override
    public CliContext context() {
        return context;
    }

    /** The API's base URL: --url, else $ASKFLOW_URL, else the dev mode's. */
    String baseUrl() {
        if (url != null && !url.isBlank()) {
            return url;
        }
        String fromEnvironment = context.environment().get(CliContext.URL_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? CliContext.DEFAULT_URL : fromEnvironment;
    }

    /** The API key: --api-key, else $ASKFLOW_API_KEY, else $ASKFLOW_KEY (the curl session's), else none. */
    String apiKey() {
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey;
        }
        String key = context.environment().get(CliContext.KEY_VARIABLE);
        return key != null && !key.isBlank() ? key : context.environment().get(CliContext.CURL_KEY_VARIABLE);
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof ApiException api) {
            err.println("askflow: " + api.getMessage());
            err.flush();
            return ExitCode.API_ERROR;
        }
        if (e instanceof IllegalArgumentException usage) {
            err.println("askflow: " + usage.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        err.println("askflow: " + e);
        err.flush();
        return ExitCode.API_ERROR;
    }
}
