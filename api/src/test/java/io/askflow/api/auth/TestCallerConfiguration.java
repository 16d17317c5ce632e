package io.askflow.api.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Stands in for tenants' keys in tests of what comes after authentication (rate limits, idempotency keys), run with
 * {@code askflow.security.enabled=false}: a filter right after authentication ({@code HIGHEST_PRECEDENCE + 15})
 * that makes the tenant named by the {@value #HEADER} header the request's {@link Caller}. Without the header the
 * caller stays the one authentication set (the default tenant, authentication being off).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestCallerConfiguration {

    /** The test header naming the caller's tenant. */
    public static final String HEADER = "X-Test-Tenant";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> testCallerFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String tenant = request.getHeader(HEADER);
                if (tenant != null) {
                    request.setAttribute(Caller.ATTRIBUTE, new Caller(tenant, null, false));
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }
}
