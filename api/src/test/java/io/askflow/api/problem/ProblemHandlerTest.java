package io.askflow.api.problem;

import io.askflow.api.auth.AuthenticationFilter;
import io.askflow.api.config.ApiProperties;
import io.askflow.api.config.TestApiProperties;
import io.askflow.api.job.JobController;
import io.askflow.api.job.NewJob;
import io.askflow.api.job.SubmitJob;
import io.askflow.core.job.JobSubmitted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler's last resort: an error nobody expected is still problem+json, and says nothing of the internals. */
class ProblemHandlerTest {

    @Test
    void shouldAnswerAnUnexpectedErrorWithAProblem500() {
        SubmitJob failing = new SubmitJob(null, null, null, null, null, null, null, null, null, null) {
            @Override
            public JobSubmitted submit(NewJob job, String tenant) {
                throw new IllegalStateException("a bug with secrets in its message");
            }
        };
        ApiProperties properties = TestApiProperties.defaults();
        MockMvcTester mvc = MockMvcTester.create(MockMvcBuilders.standaloneSetup(new JobController(failing, null, null, null, null))
                .setControllerAdvice(new ProblemHandler(properties))
                .addFilters(AuthenticationFilter.off(new SimpleMeterRegistry())).build());

        MvcTestResult result = mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\": \"q\"}").exchange();

        assertThat(result).hasStatus(500).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.type").asString()
                .isEqualTo("https://askflow.dev/problems/internal-error");
        assertThat(result).bodyText().doesNotContain("secrets");
    }
}
