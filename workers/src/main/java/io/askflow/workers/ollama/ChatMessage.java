package io.askflow.workers.ollama;

/**
 * One message of a chat call.
 *
 * @param role    who speaks
 * @param content what is said
 */
public record ChatMessage(Role role, String content) {

    /** The chat roles Askflow uses. */
    public enum Role {
        /** The agent's persona. */
        SYSTEM,
        /** The task. */
        USER,
        /** An earlier answer of the model. */
        ASSISTANT
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }
}
