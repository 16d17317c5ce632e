package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;

import java.util.List;
import java.util.UUID;

/** Parses an id from a path, with a message that says what such an id looks like. */
public final class PathIds {

    private PathIds() {
    }

    /**
     * The UUID {@code text} names.
     *
     * @param what what it is the id of, for the message: {@code job}, {@code endpoint}
     * @throws InvalidJobRequestException (a 400) when {@code text} is not a UUID in its usual 36-character form
     */
    public static UUID parse(String text, String what) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidJobRequestException(List.of(new Violation("id", "\"" + text + "\" is not " + article(what)
                + " " + what + " id; " + article(what) + " " + what + " id is a UUID such as"
                + " 0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a")));
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
