package io.askflow.api.job;

import io.askflow.api.config.WebSliceConfiguration;
import io.askflow.api.events.JobEventStreams;
import io.askflow.api.events.LongPolls;
import io.askflow.api.problem.ProblemHandler;
import io.askflow.api.web.BodySizeLimit;
import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * Random and hostile bodies (jqwik) at {@code POST /v1/jobs} in the web slice of {@link JobControllerTest}, the submit
 * command running the real validator: deep nesting, long strings, huge numbers, random keys, NUL and lone
 * surrogates, wrong types, broken JSON, sent with a length or chunked. Whatever the body, the answer is a 2xx or
 * a 4xx, never a 5xx, and comes in under a second. jqwik does not run Spring's JUnit extension: the slice is
 * built (and cached, as for any Spring test) by a {@link TestContextManager} before the property.
 */
@WebMvcTest(JobController.class)
@Import({ProblemHandler.class, BodySizeLimit.class, WebSliceConfiguration.class})
class HostileBodiesTest {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final List<String> FIELDS = List.of("question", "model", "chain", "options", "cache", "metadata",
            "webhook", "mode", "ttlSeconds", "url", "events");
    private static final List<String> OPTIONS = List.of("num_ctx", "num_gpu", "num_thread", "num_predict",
            "temperature", "top_p", "top_k", "seed", "repeat_penalty", "mirostat", "stop", "min_p");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    SubmitJob submitJob;

    @MockitoBean
    IdempotentSubmit idempotentSubmit; // on PostgreSQL: io.askflow.api.idempotency.IdempotencyKeyApiTest

    @MockitoBean
    JobQueries queries;

    @MockitoBean
    LongPolls longPolls;

    @MockitoBean
    JobEventStreams streams;

    @BeforeProperty
    void webSlice() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        JobRequestValidator validator = TestValidators.defaults();
        given(submitJob.submit(any(), any())).willAnswer(call -> {
            NewJob job = call.getArgument(0);
            JobRequest request = validator.toJobRequest(job);
            return new JobSubmitted(UUID.randomUUID(), Fingerprint.of(request), request, CachePolicy.DEFAULT,
                    job.metadata() == null ? Map.of() : job.metadata(), Instant.now());
        });
    }

    @AfterProperty
    void resetMocks() {
        // the slice's context is cached and shared with JobControllerTest: leave its mocks as they were
        Mockito.reset(submitJob, queries, longPolls, streams);
    }

    @Property(tries = 300)
    void shouldNeverAnswer5xxNorTakeLong(@ForAll("bodies") String body, @ForAll boolean chunked) {
        long start = System.nanoTime();
        MockMvcTester.MockMvcRequestBuilder request = mvc.post().uri("/v1/jobs")
                .contentType(MediaType.APPLICATION_JSON).content(body);
        MvcTestResult result = (chunked ? request.with(ChunkedRequest::of) : request).exchange();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Statistics.collect(result.getResponse().getStatus());

        assertThat(result.getUnresolvedException()).as("an exception no handler took").isNull();
        assertThat(result.getResponse().getStatus()).as("status").isBetween(200, 499);
        assertThat(took).as("time to answer").isLessThan(BOUND);
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, objects(fields(), value())),
                Tuple.of(3, jobWithOptions()),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, longQuestion()),
                Tuple.of(1, value()),
                Tuple.of(1, value().flatMap(json -> Arbitraries.integers().between(0, json.length())
                        .map(cut -> json.substring(0, cut)))),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)));
    }

    /** Any JSON value, a few levels deep, made of hostile scalars. */
    private static Arbitrary<String> value() {
        return Arbitraries.recursive(HostileBodiesTest::scalar,
                inner -> Arbitraries.oneOf(inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                        objects(fields(), inner)), 0, 4);
    }

    private static Arbitrary<String> scalar() {
        return Arbitraries.oneOf(string(), number(), Arbitraries.of("true", "false", "null", "\"\"", "{}", "[]"));
    }

    /** Text of any characters, escaped as JSON: NUL, control characters, lone surrogates, emoji. */
    private static Arbitrary<String> string() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                        Arbitraries.of("\u0000", "\uD800", "\uDFFF", "a\uD83D", "\uD83D\uDE00", " ", "\t\n"))
                .map(HostileBodiesTest::quote);
    }

    private static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.integers().between(1, 5_000).map(n -> "9".repeat(n)),
                Arbitraries.integers().between(1, 300).map(n -> "0." + "1".repeat(n)),
                Arbitraries.integers().map(e -> "1e" + e),
                Arbitraries.of("-0", "1e400", "-1e400", "1E-400", "1e999999999", "0.0000001", "-1", "0", "2.0001",
                        "1048577", "9223372036854775808", "01", "1.", ".5", "NaN", "Infinity", "+1", "0x10"));
    }

    private static Arbitrary<String> fields() {
        return Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.of(OPTIONS), Arbitraries.strings().all()
                .ofMaxLength(20));
    }

    private static Arbitrary<String> objects(Arbitrary<String> keys, Arbitrary<String> values) {
        return Arbitraries.maps(keys, values).ofMaxSize(6).map(map -> map.entrySet().stream()
                .map(entry -> quote(entry.getKey()) + ":" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}")));
    }

    /** A job that would pass but for its options: known names, any numbers (the ranges of OllamaOptions). */
    private static Arbitrary<String> jobWithOptions() {
        return objects(Arbitraries.of(OPTIONS), Arbitraries.oneOf(number(), scalar()))
                .map(options -> "{\"question\": \"q\", \"options\": " + options + "}");
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(1, 20_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"question\": \"q\", \"metadata\": " + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}",
                "{\"question\": \"q\", \"metadata\": {\"a\": " + "[".repeat(depth)));
    }

    private static Arbitrary<String> longQuestion() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 1_100_000),
                        Arbitraries.integers().between(1_048_576 - 100, 1_048_576 + 100))
                .map(n -> "{\"question\": \"" + "x".repeat(n) + "\"}");
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || c > 0x7e) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
