package io.askflow.api.auth;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: reads {@code Authorization: Bearer <key>}, looks the key up by its SHA-256 ({@link KeyLookup}) and
 * sets the request's {@link Caller}; a request without a valid key is answered 401 here ({@code UNAUTHENTICATED},
 * with {@code WWW-Authenticate: Bearer}) and goes no further. The OpenAPI description and the Swagger UI need no
 * key, nor do the dashboard's static files ({@code /ui/**}) and the libraries they load ({@code /webjars/**}): a page
 * holds no data, it asks the API for it with the key the user gave it. With {@code askflow.security.enabled=false}
 * every request is {@link Caller#UNAUTHENTICATED}.
 *
 * <p>A key is never logged, nor any part of it: a failure is counted ({@code askflow.api.authentications{outcome}})
 * and logged at DEBUG with its reason only.
 */
public class AuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);

    /**
     * Paths open without a key: the API's description (and, when enabled, the Swagger UI that shows it), the
     * dashboard's static files and the libraries they load.
     */
    static final List<String> PUBLIC_PREFIXES = List.of("/v3/api-docs", "/swagger-ui", "/ui/", "/webjars/");

    private static final String BEARER = "Bearer ";

    private final KeyLookup keys;
    private final MeterRegistry meters;
    private final Duration retryAfter;

    /**
     * @param keys       the key lookup, or {@code null}: authentication is off, every request is
     *                   {@link Caller#UNAUTHENTICATED}
     * @param retryAfter the {@code Retry-After} of a 503 when PostgreSQL does not answer a lookup
     */
    public AuthenticationFilter(KeyLookup keys, MeterRegistry meters, Duration retryAfter) {
        this.keys = keys;
        this.meters = meters;
        this.retryAfter = retryAfter;
    }

    /** A filter that lets every request in as {@link Caller#UNAUTHENTICATED}: authentication off. */
    public static AuthenticationFilter off(MeterRegistry meters) {
        return new AuthenticationFilter(null, meters, Duration.ZERO);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys == null) {
            request.setAttribute(Caller.ATTRIBUTE, Caller.UNAUTHENTICATED);
            chain.doFilter(request, response);
            return;
        }
        if (isPublic(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        try {
            caller = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        } catch (RuntimeException e) {
            // any failure to read the key (a connection refused, a pool timing out, a transaction not begun) is the
            // store's, never the caller's: a 503 to retry, not a 500 from outside the problem handler
            log.warn("API key lookup failed, PostgreSQL is not answering: {}", e.toString());
            count("store-unavailable");
            write(response, ErrorCode.STORE_UNAVAILABLE, "the API key could not be checked: PostgreSQL is not"
                    + " answering; " + ErrorCode.STORE_UNAVAILABLE.advice(), request);
            return;
        }
        if (caller.isEmpty()) {
            return401(request, response);
            return;
        }
        count("accepted");
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String key = authorization.substring(BEARER.length()).trim();
        if (!ApiKeys.isWellFormed(key)) {
            return Optional.empty();
        }
        return keys.find(ApiKeys.hash(key))
                .filter(stored -> !stored.revoked())
                .map(stored -> new Caller(stored.tenant(), stored.id(), stored.admin()));
    }

    private void return401(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String reason = authorization == null ? "missing" : "refused";
        count(reason);
        log.debug("{} {}: API key {}", request.getMethod(), request.getRequestURI(), reason);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"askflow\"");
        String detail = authorization == null ? "no API key: the request has no Authorization header"
                : "the API key is malformed, unknown or revoked";
        write(response, ErrorCode.UNAUTHENTICATED, detail + "; " + ErrorCode.UNAUTHENTICATED.advice(), request);
    }

    private void write(HttpServletResponse response, ErrorCode code, String detail, HttpServletRequest request)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.problemType());
        problem.put("title", code.title());
        problem.put("status", code.httpStatus());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(code.httpStatus());
        if (code.httpStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        response.setContentType("application/problem+json"); // as the API's other problems: JSON is UTF-8
        response.getOutputStream().write(Json.MAPPER.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isPublic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/ui") || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private void count(String outcome) {
        meters.counter("askflow.api.authentications", "outcome", outcome).increment();
    }
}
