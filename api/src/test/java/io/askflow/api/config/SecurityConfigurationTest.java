package io.askflow.api.config;

import io.askflow.api.auth.AuthenticationFilter;
import io.askflow.api.auth.Caller;
import io.askflow.api.auth.SecurityProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication's place among the filters, and authentication switched off. */
class SecurityConfigurationTest {

    @Test
    void shouldServeEveryRequestAsTheDefaultTenantsAdminWhenSwitchedOff() throws Exception {
        FilterRegistrationBean<AuthenticationFilter> registration = new SecurityConfiguration().authenticationFilter(
                new SecurityProperties(false, null, Duration.ofMillis(500)), null, new SimpleMeterRegistry(),
                TestApiProperties.defaults());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/jobs");
        MockHttpServletResponse response = new MockHttpServletResponse();

        registration.getFilter().doFilter(request, response, new MockFilterChain());

        assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 10);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(Caller.of(request)).isEqualTo(Caller.UNAUTHENTICATED);
    }
}
