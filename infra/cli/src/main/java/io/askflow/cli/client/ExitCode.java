package io.askflow.cli.client;

/** The exit codes of the {@code askflow} command (its README lists them too). */
public final class ExitCode {

    /** Done: the job completed, the batch completed with every line answered, the call succeeded. */
    public static final int OK = 0;
    /** The job failed, or the batch ended other than completed or with failed lines (see its error file). */
    public static final int FAILED = 1;
    /** The command line was wrong: an unknown option, a missing argument, a file that cannot be read. */
    public static final int USAGE = 2;
    /** The API answered with an error (its problem's title and detail are printed), or could not be reached. */
    public static final int API_ERROR = 3;
    /** The wait ran out before the job or batch ended: it goes on, ask again with its id. */
    public static final int TIMED_OUT = 4;

    private ExitCode() {
    }
}
