package io.askflow.simulator;

/**
 * One message of a chat request as the simulator received it ({@code /api/generate} requests
 * are recorded as an optional {@code system} message and a {@code user} message).
 *
 * @param role the message role, such as {@code system}, {@code user} or {@code assistant}
 * @param content the message text, never null
 */
public record ChatMessage(String role, String content) {

    /** Replaces a missing role by {@code user} and a missing content by the empty string. */
    public ChatMessage {
        role = role == null ? "user" : role;
        content = content == null ? "" : content;
    }
}
