package io.askflow.api.batch;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A batch's status, OpenAI's names. {@code validating} while the file's first line is checked, then
 * {@code in_progress} (or {@code failed} when the file is no batch file at all) while lines are dispatched and
 * answered; {@code finalizing} briefly when the last line ended, then {@code completed}. {@code expired} when its
 * completion window passed first; {@code cancelling} from a cancel until its running lines ended, then
 * {@code cancelled}.
 */
public enum BatchStatus {
    VALIDATING, FAILED, IN_PROGRESS, FINALIZING, COMPLETED, EXPIRED, CANCELLING, CANCELLED;

    /** The name on the wire and in the table. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a wire name names. */
    public static BatchStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Whether the batch has ended: nothing of it changes any more. */
    public boolean isTerminal() {
        return this == FAILED || this == COMPLETED || this == EXPIRED || this == CANCELLED;
    }
}
