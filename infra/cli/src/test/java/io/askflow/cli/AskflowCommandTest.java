package io.askflow.cli;

import io.askflow.cli.client.CliContext;
import io.askflow.cli.client.ExitCode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AskflowCommandTest {

    @Test
    void shouldTakeTheUrlAndKeyFromTheOptionsBeforeOrAfterTheSubcommand() {
        AskflowCommand before = parse(Map.of(), "--url", "http://a:1", "--api-key", "ask_1", "jobs", "get", "42");
        AskflowCommand after = parse(Map.of(), "jobs", "get", "42", "--url", "http://b:2", "--api-key", "ask_2");

        assertThat(before.baseUrl()).isEqualTo("http://a:1");
        assertThat(before.apiKey()).isEqualTo("ask_1");
        assertThat(after.baseUrl()).isEqualTo("http://b:2");
        assertThat(after.apiKey()).isEqualTo("ask_2");
    }

    @Test
    void shouldTakeTheUrlAndKeyFromTheEnvironmentWhenNoOptionGivesThem() {
        Map<String, String> environment = Map.of(CliContext.URL_VARIABLE, "http://env:9", CliContext.KEY_VARIABLE, "ask_env");

        AskflowCommand fromEnvironment = parse(environment, "jobs", "list");
        AskflowCommand optionWins = parse(environment, "--url", "http://opt:1", "jobs", "list");
        AskflowCommand defaults = parse(Map.of(), "jobs", "list");
        AskflowCommand curlKey = parse(Map.of(CliContext.CURL_KEY_VARIABLE, "ask_curl"), "jobs", "list");

        assertThat(fromEnvironment.baseUrl()).isEqualTo("http://env:9");
        assertThat(fromEnvironment.apiKey()).isEqualTo("ask_env");
        assertThat(optionWins.baseUrl()).isEqualTo("http://opt:1");
        assertThat(defaults.baseUrl()).isEqualTo(CliContext.DEFAULT_URL);
        assertThat(defaults.apiKey()).isNull();
        assertThat(curlKey.apiKey()).as("the README's curl session's variable").isEqualTo("ask_curl");
    }

    @Test
    void shouldExitWithTheUsageCodeForAWrongCommandLine() {
        CliRun.Result noQuestion = CliRun.run("ask");
        CliRun.Result unknownOption = CliRun.run("jobs", "list", "--colour", "blue");
        CliRun.Result noCommand = CliRun.run();
        CliRun.Result badTimeout = CliRun.run("ask", "q", "--timeout", "soon");

        assertThat(noQuestion.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noQuestion.err()).contains("Missing required parameter: 'QUESTION'");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownOption.err()).contains("Unknown options: '--colour', 'blue'");
        assertThat(noCommand.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noCommand.err()).contains("name a command: ask, jobs or batch");
        assertThat(badTimeout.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badTimeout.err()).contains("'soon' is not a duration");
    }

    @Test
    void shouldListTheCommandsAndExitCodesInItsHelp() {
        CliRun.Result help = CliRun.run("--help");

        assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(help.out()).contains("ask", "jobs", "batch", "--url", "--api-key", "ASKFLOW_API_KEY", "Exit codes:",
                "3   the API answered an error or could not be reached");
    }

    @Test
    void shouldSayInOneLineThatTheApiCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun.Result result = CliRun.run("jobs", "get", "42", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(result.exitCode()).isEqualTo(ExitCode.API_ERROR);
        assertThat(result.err().strip()).isEqualTo("askflow: cannot reach the Askflow API at http://127.0.0.1:" + closedPort
                + ": connection refused (is it running? set --url or ASKFLOW_URL)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldSayWhenAFileToSubmitCannotBeRead() {
        CliRun.Result result = CliRun.run("batch", "submit", "/no/such/file.jsonl");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err().strip()).isEqualTo("askflow: cannot read /no/such/file.jsonl: not a readable file");
    }

    private static AskflowCommand parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = AskflowCommand.commandLine(CliContext.plain(environment),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }
}
