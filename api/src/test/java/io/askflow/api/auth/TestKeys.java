package io.askflow.api.auth;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The API keys of the API's tests. {@link #ADMIN} is the bootstrap admin key of every API context of the tests
 * ({@code askflow.security.bootstrap-admin-key}); {@link DefaultKey} makes MockMvc send it with every request that
 * names no key of its own, so that tests of other things go through authentication like any caller.
 */
public final class TestKeys {

    /** The bootstrap admin key of the tests (the tenant {@code default}). */
    public static final String ADMIN = "ask_" + "tests-bootstrap-admin-key-0123456789abcdef0";

    /** The property that makes {@link #ADMIN} the bootstrap admin key. */
    public static final String BOOTSTRAP_PROPERTY = "askflow.security.bootstrap-admin-key=" + ADMIN;

    private TestKeys() {
    }

    /** {@code Bearer <key>}. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }

    /** MockMvc sends {@link #ADMIN} unless a request names its own {@code Authorization}. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class DefaultKey {

        @Bean
        MockMvcBuilderCustomizer sendTheAdminKey() {
            return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
                    .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN)));
        }
    }
}
