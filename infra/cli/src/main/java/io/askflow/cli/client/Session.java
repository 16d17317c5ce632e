package io.askflow.cli.client;

/** What every subcommand gets from the top-level command: the API to call and where it runs. */
public interface Session {

    /** A client of the API named by --url (or the environment), with the key of --api-key (or the environment). */
    ApiClient api();

    /** The environment the command runs in. */
    CliContext context();
}
