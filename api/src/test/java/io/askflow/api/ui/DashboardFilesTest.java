package io.askflow.api.ui;

import io.askflow.api.auth.AdminCalls;
import io.askflow.api.job.SharedApiContext;
import io.askflow.api.web.SecurityHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files need no key and carry the pages' policy; its data (here {@code /v1/me} and
 * {@code /v1/chains}) still takes one.
 */
class DashboardFilesTest extends SharedApiContext {

    /** A key no one has: refused wherever a key is checked. */
    private static final String UNKNOWN = "Bearer ask_unknown-key-of-the-dashboard-test-000000000";

    @Test
    void shouldServeThePagesAndChartJsWithoutAKeyUnderThePagesPolicy() {
        var page = mvc.get().uri("/ui/index.html").header(HttpHeaders.AUTHORIZATION, UNKNOWN).exchange();
        assertThat(page).hasStatusOk().bodyText().contains("/ui/js/overview.js", "/webjars/chart.js/4.5.1/");
        SecurityHeaders.PAGE_HEADERS.forEach((name, value) -> assertThat(page).headers().hasValue(name, value));
        assertThat(page.getResponse().getHeader("Content-Security-Policy")).doesNotContain("unsafe-inline");

        assertThat(mvc.get().uri("/ui/js/api.js").header(HttpHeaders.AUTHORIZATION, UNKNOWN).exchange()).hasStatusOk();
        assertThat(mvc.get().uri("/webjars/chart.js/4.5.1/dist/chart.umd.min.js")
                .header(HttpHeaders.AUTHORIZATION, UNKNOWN).exchange()).hasStatusOk();
        assertThat(mvc.get().uri("/ui").header(HttpHeaders.AUTHORIZATION, UNKNOWN).exchange())
                .hasStatus3xxRedirection().hasRedirectedUrl("/ui/index.html");
    }

    @Test
    void shouldAnswerTheDataOnlyWithAKey() {
        AdminCalls admin = new AdminCalls(mvc);
        String key = admin.newTenantKey("ui");

        assertThat(mvc.get().uri("/v1/me").header(HttpHeaders.AUTHORIZATION, UNKNOWN).exchange()).hasStatus(401);
        assertThat(admin.get("/v1/me", key)).hasStatusOk().bodyJson().extractingPath("$.admin").isEqualTo(false);
        assertThat(admin.get("/v1/chains", key)).hasStatusOk().bodyText().contains("\"name\":\"answer\"",
                "\"steps\"");
        var api = admin.get("/v1/me", key);
        SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(api).headers().hasValue(name, value));
    }
}
