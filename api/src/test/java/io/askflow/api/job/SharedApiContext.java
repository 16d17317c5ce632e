package io.askflow.api.job;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.TestKeys;
import io.askflow.testing.Infrastructures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The API on the shared Kafka, PostgreSQL and Redis: one Spring context, started once for every test class that
 * extends this one. A webhook signing secret is set, so jobs may carry a webhook. Every request carries the tests'
 * bootstrap admin key ({@link TestKeys}) unless it names another.
 */
@SpringBootTest(classes = ApiApplication.class, properties = {"askflow.cache.retry-interval=0s",
        "askflow.webhooks.signing-secret=" + TestValidators.SIGNING_SECRET, TestKeys.BOOTSTRAP_PROPERTY,
        "askflow.limits.max-queued-jobs=1000000"}) // jobs stay QUEUED here: no pipeline answers them
@AutoConfigureMockMvc
@Import(TestKeys.DefaultKey.class)
public abstract class SharedApiContext {

    @Autowired
    protected MockMvcTester mvc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructures.shared().registerSpringProperties(registry::add);
    }

    /** {@code POST /v1/jobs} with this JSON body. */
    protected MvcTestResult post(String json) {
        return mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }
}
