package io.askflow.api.limit;

import io.askflow.api.auth.Caller;
import io.askflow.core.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate limits every request to the API's own paths ({@code /v1/...}) by its caller's tenant, after authentication
 * has said who calls ({@link Caller}). Every limited answer carries {@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers); a request over the limit is answered here, before any controller, with
 * 429, {@code Retry-After} and a problem+json of {@link ErrorCode#RATE_LIMITED}. While Redis is down requests pass
 * without the headers ({@link TenantRateLimiter}). Actuator and the API docs are not limited.
 *
 * <p>Registered at {@code Ordered.HIGHEST_PRECEDENCE + 20}, after authentication's {@code + 10}; a request that
 * reaches it without a caller is refused by {@link Caller#of} (authentication runs first on every API path).
 */
public class RateLimitFilter extends OncePerRequestFilter {

    /** The header with the policy, {@code "tenant";q=100;w=2}. */
    public static final String POLICY_HEADER = "RateLimit-Policy";

    /** The header with what is left, {@code "tenant";r=57;t=1}. */
    public static final String LIMIT_HEADER = "RateLimit";

    private static final String LIMITED_PATHS = "/v1/";

    private final TenantRateLimiter limiter;
    private final JsonMapper json;

    public RateLimitFilter(TenantRateLimiter limiter, JsonMapper json) {
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith(LIMITED_PATHS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String tenant = Caller.of(request).tenant();
        RateDecision decision = limiter.tryAcquire(tenant);
        if (decision.checked()) {
            response.setHeader(POLICY_HEADER, decision.policyHeader());
            response.setHeader(LIMIT_HEADER, decision.limitHeader());
        }
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        refuse(request, response, tenant, decision);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String tenant, RateDecision decision)
            throws IOException {
        ErrorCode code = ErrorCode.RATE_LIMITED;
        // the fields of a ProblemDetail, as the problem handler's answers have them (RFC 9457)
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.problemType());
        problem.put("title", code.title());
        problem.put("status", code.httpStatus());
        problem.put("detail", "tenant " + tenant + " sent more requests than its rate limit allows (RateLimit-Policy: "
                + decision.policyHeader() + "); " + code.advice());
        problem.put("instance", request.getRequestURI());
        response.setStatus(code.httpStatus());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfter()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
