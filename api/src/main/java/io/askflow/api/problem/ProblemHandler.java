package io.askflow.api.problem;

import io.askflow.api.admin.ApiKeyNotFoundException;
import io.askflow.api.admin.TenantExistsException;
import io.askflow.api.admin.TenantNotFoundException;
import io.askflow.api.auth.AdminKeyRequiredException;
import io.askflow.api.batch.BatchException;
import io.askflow.api.config.ApiProperties;
import io.askflow.api.idempotency.IdempotencyKey;
import io.askflow.api.idempotency.IdempotencyKeyInFlightException;
import io.askflow.api.idempotency.IdempotencyKeyReusedException;
import io.askflow.api.idempotency.InvalidIdempotencyKeyException;
import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.JobNotAcceptedException;
import io.askflow.api.job.JobNotFoundException;
import io.askflow.api.limit.OverloadedException;
import io.askflow.api.limit.QueueQuotaExceededException;
import io.askflow.api.web.BodyTooLargeException;
import io.askflow.api.webhook.DeliveryNotFoundException;
import io.askflow.api.webhook.WebhookEndpointNotFoundException;
import io.askflow.core.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every error into an RFC 9457 {@code application/problem+json} answer that says what to fix; status, type
 * and title come from the error catalog ({@link ErrorCode}).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final Map<Integer, ErrorCode> FRAMEWORK_PROBLEMS = Map.of(
            404, ErrorCode.NO_SUCH_PATH, 405, ErrorCode.METHOD_NOT_ALLOWED, 406, ErrorCode.NOT_ACCEPTABLE,
            415, ErrorCode.UNSUPPORTED_MEDIA_TYPE);

    private final ApiProperties properties;

    public ProblemHandler(ApiProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(InvalidJobRequestException.class)
    ProblemDetail invalidRequest(InvalidJobRequestException e) {
        ProblemDetail problem = problem(ErrorCode.INVALID_REQUEST, e.getMessage());
        problem.setProperty("errors", e.violations());
        return problem;
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail bodyTooLarge(BodyTooLargeException e) {
        return problem(ErrorCode.BODY_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return problem(ErrorCode.JOB_NOT_FOUND, e.getMessage() + "; " + ErrorCode.JOB_NOT_FOUND.advice());
    }

    @ExceptionHandler(WebhookEndpointNotFoundException.class)
    ProblemDetail endpointNotFound(WebhookEndpointNotFoundException e) {
        return problem(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND,
                e.getMessage() + "; " + ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND.advice());
    }

    @ExceptionHandler(DeliveryNotFoundException.class)
    ProblemDetail deliveryNotFound(DeliveryNotFoundException e) {
        return problem(ErrorCode.DELIVERY_NOT_FOUND, e.getMessage() + "; " + ErrorCode.DELIVERY_NOT_FOUND.advice());
    }

    @ExceptionHandler(BatchException.class)
    ProblemDetail batchProblem(BatchException e) {
        return problem(e.code(), e.getMessage() + "; " + e.code().advice());
    }

    @ExceptionHandler(QueueQuotaExceededException.class)
    ResponseEntity<ProblemDetail> queueQuotaExceeded(QueueQuotaExceededException e) {
        return ResponseEntity.status(ErrorCode.QUEUE_QUOTA_EXCEEDED.httpStatus())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()))
                .body(problem(ErrorCode.QUEUE_QUOTA_EXCEEDED,
                        e.getMessage() + "; " + ErrorCode.QUEUE_QUOTA_EXCEEDED.advice()));
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(OverloadedException e) {
        long retryAfter = Math.max(1, (e.estimatedWait().toMillis() + 999) / 1000);
        ProblemDetail problem = problem(ErrorCode.OVERLOADED, e.getMessage() + "; " + ErrorCode.OVERLOADED.advice());
        problem.setProperty("queued", e.queued());
        problem.setProperty("estimatedWaitSeconds", retryAfter);
        return ResponseEntity.status(ErrorCode.OVERLOADED.httpStatus())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)).body(problem);
    }

    @ExceptionHandler(InvalidIdempotencyKeyException.class)
    ProblemDetail invalidIdempotencyKey(InvalidIdempotencyKeyException e) {
        InvalidJobRequestException invalid = new InvalidJobRequestException(
                List.of(new InvalidJobRequestException.Violation(IdempotencyKey.HEADER, e.getMessage())));
        return invalidRequest(invalid);
    }

    /** The draft asks no change before a retry: the same request, sent again once the first is answered, replays it. */
    @ExceptionHandler(IdempotencyKeyInFlightException.class)
    ResponseEntity<ProblemDetail> idempotencyKeyInFlight(IdempotencyKeyInFlightException e) {
        return ResponseEntity.status(ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT.httpStatus())
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
                        e.getMessage() + "; " + ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT.advice()));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return problem(ErrorCode.IDEMPOTENCY_KEY_REUSED, e.getMessage() + "; " + ErrorCode.IDEMPOTENCY_KEY_REUSED.advice());
    }

    @ExceptionHandler(AdminKeyRequiredException.class)
    ProblemDetail adminKeyRequired(AdminKeyRequiredException e) {
        return problem(ErrorCode.ADMIN_KEY_REQUIRED, e.getMessage() + "; " + ErrorCode.ADMIN_KEY_REQUIRED.advice());
    }

    @ExceptionHandler(TenantNotFoundException.class)
    ProblemDetail tenantNotFound(TenantNotFoundException e) {
        return problem(ErrorCode.TENANT_NOT_FOUND, e.getMessage() + "; " + ErrorCode.TENANT_NOT_FOUND.advice());
    }

    @ExceptionHandler(TenantExistsException.class)
    ProblemDetail tenantExists(TenantExistsException e) {
        return problem(ErrorCode.TENANT_EXISTS, e.getMessage() + "; " + ErrorCode.TENANT_EXISTS.advice());
    }

    @ExceptionHandler(ApiKeyNotFoundException.class)
    ProblemDetail apiKeyNotFound(ApiKeyNotFoundException e) {
        return problem(ErrorCode.API_KEY_NOT_FOUND, e.getMessage() + "; " + ErrorCode.API_KEY_NOT_FOUND.advice());
    }

    @ExceptionHandler(JobNotAcceptedException.class)
    ResponseEntity<ProblemDetail> notAccepted(JobNotAcceptedException e) {
        log.warn("job not accepted: {}", e.getMessage(), e);
        ProblemDetail problem = problem(ErrorCode.NOT_ACCEPTED, e.getMessage() + "; " + whatRemains(e));
        e.jobId().ifPresent(id -> problem.setProperty("jobId", id));
        return unavailable(problem);
    }

    private static String whatRemains(JobNotAcceptedException e) {
        String id = e.jobId().map(UUID::toString).orElse("");
        return switch (e.fate()) {
            case DROPPED -> "nothing was stored: submit again after the Retry-After delay";
            case WILL_RUN -> "the job will still be answered as " + id + ": poll /v1/jobs/" + id
                    + " after the Retry-After delay (404 until its row is written), or submit again: a duplicate"
                    + " costs no second run";
            case MAY_RUN -> "Kafka may have taken it all the same, as " + id + ": submit again after the"
                    + " Retry-After delay (a duplicate costs no second run), or poll /v1/jobs/" + id
                    + " (404 while it was not taken)";
        };
    }

    private ResponseEntity<ProblemDetail> unavailable(ProblemDetail problem) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()))
                .body(problem);
    }

    /** Reads while PostgreSQL is away: a retry will do. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException e) {
        log.warn("job store unavailable: {}", e.getMessage(), e);
        return unavailable(problem(ErrorCode.STORE_UNAVAILABLE,
                "PostgreSQL is not answering; " + ErrorCode.STORE_UNAVAILABLE.advice()));
    }

    /** Anything not handled above is a fault of ours: said as problem+json, without internals, and logged whole. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString(), e);
        return problem(ErrorCode.INTERNAL_ERROR,
                "an unexpected error on the server (logged there); " + ErrorCode.INTERNAL_ERROR.advice());
    }

    /**
     * Spring MVC's own problems (no such path, a method or media type the path does not take) in the catalog's
     * words: its type, title and what to do, instead of {@code about:blank} and a detail that stops at the fault.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ErrorCode code = FRAMEWORK_PROBLEMS.get(status.value());
        if (body == null && e instanceof ErrorResponse response) {
            body = response.getBody(); // what the superclass would answer with
        }
        if (body instanceof ProblemDetail problem && code != null
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(URI.create(code.problemType()));
            problem.setTitle(code.title());
            String fault = problem.getDetail() == null ? "" : problem.getDetail().replaceFirst("\\.$", "") + "; ";
            problem.setDetail(fault + code.advice());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** A multipart upload past {@code spring.servlet.multipart.max-file-size}: the batch file limit's 413. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return ResponseEntity.status(ErrorCode.FILE_TOO_LARGE.httpStatus()).body(problem(ErrorCode.FILE_TOO_LARGE,
                "the upload is larger than the server takes; " + ErrorCode.FILE_TOO_LARGE.advice()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        // a chunked body read past max-body-bytes: its stream threw, and Jackson may have wrapped that
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(ErrorCode.BODY_TOO_LARGE.httpStatus()).body(bodyTooLarge(tooLarge));
            }
        }
        ProblemDetail problem = problem(ErrorCode.UNREADABLE_BODY, describe(e.getMostSpecificCause()));
        return ResponseEntity.badRequest().body(problem);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field \"" + unknown.getPropertyName() + "\"; known fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "field \"" + path(invalid) + "\" must be one of "
                    + Arrays.toString(invalid.getTargetType().getEnumConstants()) + ", was " + invalid.getValue();
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "field \"" + path(mismatch) + "\" must be " + typeName(mismatch.getTargetType());
        }
        // valid JSON, but a number out of the field's range (a StreamReadException like the syntax errors below)
        if (cause instanceof InputCoercionException coercion && !coercion.getPath().isEmpty()) {
            return "field \"" + path(coercion) + "\" must be " + typeName(coercion.getTargetType());
        }
        // nested too deep, a number too long, a string or name too long (the StreamReadConstraints of the mapper)
        if (cause instanceof StreamConstraintsException constraint) {
            return "the body is over a limit of the JSON reader: "
                    + constraint.getOriginalMessage().replaceAll(",? from `[^`]*`", "");
        }
        if (cause instanceof StreamReadException) {
            return "the body is not valid JSON: " + ((JacksonException) cause).getOriginalMessage();
        }
        return "the body must be a JSON object such as {\"question\": \"What is Kafka?\"}";
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }

    /** A problem of the catalog's {@code code}: its status, type and title, and this detail. */
    private static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        problem.setType(URI.create(code.problemType()));
        problem.setTitle(code.title());
        return problem;
    }
}
