package io.askflow.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Security headers on every API answer, errors and 401s included (it runs before authentication): nothing is
 * sniffed as another type, cached, framed, given scripts or a referrer. An API answer is JSON or an event stream,
 * never a page, so the strictest policy costs nothing. The dashboard's files ({@code /ui/**}, {@code /webjars/**}) get
 * {@link #PAGE_HEADERS}: the same, except that a page may load its own scripts, styles and images and call its own
 * API; no inline script or style, nothing from elsewhere. The Swagger UI, a page, is left alone when it is enabled.
 */
@Component
public class SecurityHeaders extends OncePerRequestFilter implements Ordered {

    /** Its place: before authentication ({@code HIGHEST_PRECEDENCE + 10}), so that a 401 carries the headers too. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    /** The headers, as every API answer carries them. */
    public static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer");

    /** The headers of the dashboard's pages, scripts and styles: only the page's own origin, nothing inline. */
    public static final Map<String, String> PAGE_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-cache",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer");

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/ui") || path.startsWith("/ui/") || path.startsWith("/webjars/")) {
            PAGE_HEADERS.forEach(response::setHeader);
        } else if (!path.startsWith("/swagger-ui")) {
            HEADERS.forEach(response::setHeader);
        }
        chain.doFilter(request, response);
    }
}
