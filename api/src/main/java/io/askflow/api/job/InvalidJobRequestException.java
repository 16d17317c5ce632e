package io.askflow.api.job;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A submitted job, or another request of the API (a webhook endpoint, a path's id), that cannot be accepted: a 400
 * whose violations each name their field and what to fix. A hostile body can hold thousands of faults (an option
 * map of 50,000 bad names): the message and the violations reported stop at the first {@value #MAX_REPORTED},
 * followed by how many more there were, so neither grows with the body.
 */
public class InvalidJobRequestException extends RuntimeException {

    /** The most violations a 400 lists; the others are counted. */
    public static final int MAX_REPORTED = 50;

    private final List<Violation> violations;

    public InvalidJobRequestException(List<Violation> violations) {
        super(message(violations));
        this.violations = violations.size() <= MAX_REPORTED ? List.copyOf(violations)
                : List.copyOf(violations.subList(0, MAX_REPORTED));
    }

    /** The violations reported: the first {@value #MAX_REPORTED} found. */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(List<Violation> violations) {
        if (violations.isEmpty()) {
            return "invalid job";
        }
        String listed = violations.stream().limit(MAX_REPORTED).map(Violation::toString)
                .collect(Collectors.joining("; "));
        int more = violations.size() - MAX_REPORTED;
        return more > 0 ? listed + "; and " + more + " more" : listed;
    }

    /**
     * One thing wrong with a request.
     *
     * @param field   the JSON field
     * @param message what is wrong and what to do
     */
    public record Violation(String field, String message) {

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
