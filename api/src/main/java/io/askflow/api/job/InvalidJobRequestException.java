package io.askflow.api.job;

import java.util.List;

/**
 * A submitted job, or another request of the API (a webhook endpoint, a path's id), that cannot be accepted: a 400
 * whose violations each name their field and what to fix.
 */
public class InvalidJobRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidJobRequestException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).reduce((a, b) -> a + "; " + b).orElse("invalid job"));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
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
