package io.askflow.api.config;

import io.askflow.api.auth.AuthenticationFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * What a {@code @WebMvcTest} of the API needs from its configuration, without the rest: {@link ApiConfiguration}
 * cannot be imported into a web slice, since it imports the topics, the answer cache and the job store and makes a
 * Kafka producer (it needs {@code KafkaProperties}, Redis, a {@code MeterRegistry}). This registers the very
 * customizer the application registers for strict request bodies ({@link ApiConfiguration#strictScalars()}: a
 * number is not a string, a string is not a number), its bounds on the JSON reader
 * ({@link ApiConfiguration#readLimits}: nesting, numbers, strings) and binds {@link ApiProperties} as the application's properties
 * scan does, from {@code io/askflow/api/application.yaml} and the test's own properties. Authentication is off
 * ({@link AuthenticationFilter#off}): every request is {@code Caller.UNAUTHENTICATED}, an admin of the default tenant,
 * as with {@code askflow.security.enabled=false}; the keys themselves are tested on real PostgreSQL.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class WebSliceConfiguration {

    @Bean
    FilterRegistrationBean<AuthenticationFilter> authenticationOff() {
        FilterRegistrationBean<AuthenticationFilter> registration =
                new FilterRegistrationBean<>(AuthenticationFilter.off(new SimpleMeterRegistry()));
        registration.setOrder(SecurityConfiguration.AUTHENTICATION_ORDER);
        return registration;
    }

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return new ApiConfiguration().strictScalars();
    }

    @Bean
    JsonFactoryBuilderCustomizer readLimits(ApiProperties properties) {
        return new ApiConfiguration().readLimits(properties);
    }
}
