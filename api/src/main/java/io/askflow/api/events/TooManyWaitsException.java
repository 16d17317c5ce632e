package io.askflow.api.events;

import io.askflow.core.error.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;

/**
 * This instance holds as many open long-polls (or streams) as it may, or is shutting down: a 503 with
 * {@code Retry-After} and a problem+json body. Another instance, or this one a moment later, can take the wait; a
 * poll without {@code wait} is answered at once.
 */
public class TooManyWaitsException extends ErrorResponseException {

    /** The problem type. */
    public static final URI TYPE = URI.create(ErrorCode.TOO_MANY_WAITS.problemType());

    /**
     * @param detail     what is full and what to do
     * @param retryAfter the {@code Retry-After} to send
     */
    public TooManyWaitsException(String detail, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setType(TYPE);
        problem.setTitle(ErrorCode.TOO_MANY_WAITS.title());
        return problem;
    }
}
