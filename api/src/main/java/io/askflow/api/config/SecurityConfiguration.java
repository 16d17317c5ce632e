package io.askflow.api.config;

import io.askflow.api.auth.ApiKeyStore;
import io.askflow.api.auth.AuthenticationFilter;
import io.askflow.api.auth.BootstrapAdminKey;
import io.askflow.api.auth.KeyLookup;
import io.askflow.api.auth.SecurityProperties;
import io.askflow.api.tenant.TenantScopes;
import io.askflow.api.tenant.TenantStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;

/**
 * Wiring of who may use the API (ADR 11): API keys and their lookup, the authentication filter (order
 * {@link #AUTHENTICATION_ORDER}, before rate limits and everything that asks for the {@code Caller}), the bootstrap
 * admin key and the tenants. The security headers ({@code web.SecurityHeaders}) come before it, on their own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
@OpenAPIDefinition(security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "ask_<43 base64url>",
        description = "An API key: Authorization: Bearer ask_...; created by an admin (POST /v1/admin/keys)")
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The authentication filter's place: first of the API's own filters, before the rate limits (+ 20). */
    public static final int AUTHENTICATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** How long an instance keeps a tenant's cache scope. */
    static final Duration TENANT_SCOPE_TTL = Duration.ofSeconds(5);

    @Bean
    ApiKeyStore apiKeyStore(JdbcClient jdbc) {
        return new ApiKeyStore(jdbc);
    }

    @Bean
    KeyLookup keyLookup(ApiKeyStore keys, SecurityProperties properties) {
        return new KeyLookup(keys, properties.keyCacheTtl());
    }

    @Bean
    FilterRegistrationBean<AuthenticationFilter> authenticationFilter(SecurityProperties properties, KeyLookup keys,
                                                                      MeterRegistry meters, ApiProperties api) {
        AuthenticationFilter filter;
        if (properties.enabled()) {
            filter = new AuthenticationFilter(keys, meters, api.retryAfter());
        } else {
            log.warn("!!! AUTHENTICATION IS OFF (askflow.security.enabled=false): every request is served as an admin"
                    + " of the tenant 'default', with no API key. For a closed network only. !!!");
            filter = AuthenticationFilter.off(meters);
        }
        FilterRegistrationBean<AuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(AUTHENTICATION_ORDER);
        return registration;
    }

    /** Stores the bootstrap admin key, when one is set, once every bean is made (Flyway has run). */
    @Bean
    BootstrapAdminKey bootstrapAdminKey(ApiKeyStore keys, SecurityProperties properties, Clock clock) {
        return new BootstrapAdminKey(keys, properties.bootstrapAdminKey(), clock);
    }

    @Bean
    TenantStore tenantStore(JdbcClient jdbc) {
        return new TenantStore(jdbc);
    }

    @Bean
    TenantScopes tenantScopes(TenantStore tenants) {
        return new TenantScopes(tenants, TENANT_SCOPE_TTL);
    }

}
