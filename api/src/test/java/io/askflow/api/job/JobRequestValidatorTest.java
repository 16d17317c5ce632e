package io.askflow.api.job;

import io.askflow.api.config.TestApiProperties;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.webhook.Cidr;
import io.askflow.core.webhook.ReceiverAddresses;
import io.askflow.core.webhook.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every rule a submitted job must follow, one test each, on the validator alone: no Spring, no JSON, no store. The
 * limits are the defaults of {@code application.yaml} (16,000 characters for the question, metadata and options);
 * a signing secret is set, so jobs may carry a webhook, to public addresses only.
 */
class JobRequestValidatorTest {

    private static final String NUL = "contains a NUL character (\\u0000), which cannot be stored: remove it";
    private static final String OVER_THE_LIMIT = "; the limit is 16000: keep large data elsewhere and pass a reference to it";

    private static final ChainCatalog CHAINS = TestValidators.CHAINS;
    private static final String KNOWN_EVENTS = "known events: job.running, job.completed, job.failed";
    private static final String PUBLIC_ONLY = "webhooks go to public addresses only (allow a local receiver with"
            + " askflow.webhooks.allowed-networks)";

    private final JobRequestValidator validator = TestValidators.defaults();

    // the question

    @Test
    void shouldRefuseAMissingQuestion() {
        assertThat(violations(job().question(null)))
                .containsExactly(new Violation("question", "is required and must not be blank"));
    }

    @Test
    void shouldRefuseAModelOutsideTheDeploymentsAllowListNamingTheAllowedOnes() {
        JobRequestValidator allowing = TestValidators.allowing("llama3.2", "qwen2.5:7b");

        assertThat(violations(allowing, job().model("llama3.1:405b"))).containsExactly(new Violation("model",
                "is not offered here; allowed models: llama3.2, qwen2.5:7b"));
        assertThat(allowing.toJobRequest(job().model("qwen2.5:7b").build()).model()).isEqualTo("qwen2.5:7b");
        assertThat(allowing.toJobRequest(job().build()).model()).as("the chain's own model is the operator's choice")
                .isNull();
        assertThat(validator.toJobRequest(job().model("anything").build()).model()).as("an empty list allows any")
                .isEqualTo("anything");
    }

    @Test
    void shouldRefuseABlankQuestion() {
        assertThat(violations(job().question(" \t\n ")))
                .containsExactly(new Violation("question", "is required and must not be blank"));
    }

    @Test
    void shouldRefuseAQuestionOverTheLimitSayingTheLimitAndWhatToDo() {
        assertThat(violations(job().question("q".repeat(16_001)))).containsExactly(new Violation("question",
                "is 16001 characters long; the limit is 16000: shorten it or split it into several jobs"));
    }

    @Test
    void shouldAcceptAQuestionOfExactlyTheLimit() {
        assertThat(validator.toJobRequest(job().question("q".repeat(16_000)).build()).question()).hasSize(16_000);
    }

    @Test
    void shouldRefuseANulCharacterInTheQuestion() {
        assertThat(violations(job().question("What is\u0000 Kafka?"))).containsExactly(new Violation("question", NUL));
    }

    @Test
    void shouldRefuseHalfASurrogatePairWhichPostgresWouldStoreAsAQuestionMark() {
        assertThat(violations(job().question("lone \uD800 surrogate"))).singleElement()
                .satisfies(violation -> assertThat(violation.message()).contains("surrogate pair"));
        assertThat(violations(job().question("low \uDC00 first")).size()).isEqualTo(1);
        assertThat(violations(job().metadata(Map.of("note", "\uDBFF")))).singleElement()
                .satisfies(violation -> assertThat(violation.field()).isEqualTo("metadata.note"));
    }

    @Test
    void shouldAcceptACharacterOutsideTheBasicPlane() {
        assertThat(validator.toJobRequest(job().question("What does \uD83D\uDE80 mean?").build()).question())
                .contains("\uD83D\uDE80");
    }

    // the model and the chain

    @Test
    void shouldRefuseABlankModel() {
        assertThat(violations(job().model("  "))).containsExactly(
                new Violation("model", "must not be blank; omit it to use the chain's default model"));
    }

    @Test
    void shouldRefuseANulCharacterInTheModel() {
        assertThat(violations(job().model("llama\u0000"))).containsExactly(new Violation("model", NUL));
    }

    @Test
    void shouldRefuseAnUnknownChainListingTheKnownOnes() {
        assertThat(violations(job().chain("poetry"))).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("chain");
            assertThat(violation.message()).startsWith("unknown chain \"poetry\"; known chains: ")
                    .contains("answer", "research");
        });
    }

    // the cache

    @Test
    void shouldRefuseACacheTtlThatIsNotPositive() {
        assertThat(violations(job().ttlSeconds(0)))
                .containsExactly(new Violation("cache.ttlSeconds", "must be a positive number of seconds, was 0"));
        assertThat(violations(job().ttlSeconds(-600)))
                .containsExactly(new Violation("cache.ttlSeconds", "must be a positive number of seconds, was -600"));
    }

    // options

    @Test
    void shouldRefuseANullOption() {
        Map<String, Object> options = new HashMap<>();
        options.put("stop", null);

        assertThat(violations(job().options(options))).containsExactly(
                new Violation("options.stop", "must not be null; omit the option to use the model's default"));
    }

    @Test
    void shouldRefuseAnOptionNameOllamaDoesNotHave() {
        assertThat(violations(job().options(Map.of("numPredict", 10)))).containsExactly(
                new Violation("options.numPredict", "is not an Ollama option name (lower case, digits and _)"));
    }

    @Test
    void shouldRefuseAnOptionOfTheWrongType() {
        assertThat(violations(job().options(Map.of("temperature", "hot"))))
                .containsExactly(new Violation("options.temperature", "must be a number, was \"hot\""));
        assertThat(violations(job().options(Map.of("num_predict", 1.5))))
                .containsExactly(new Violation("options.num_predict", "must be a whole number, was 1.5"));
        assertThat(violations(job().options(Map.of("stop", Map.of("a", 1))))).containsExactly(new Violation(
                "options.stop", "must be a number, text, true/false or a list of them, was {\"a\":1}"));
    }

    @Test
    void shouldRefuseAnOptionOutOfItsRangeNamingTheRange() {
        assertThat(violations(job().options(Map.of("num_ctx", 0, "num_gpu", 4096, "num_thread", 2000,
                "temperature", 2.5, "top_p", 1.01)))).containsExactlyInAnyOrder(
                new Violation("options.num_ctx", "must be a whole number from 1 to 1048576, was 0"),
                new Violation("options.num_gpu", "must be a whole number from -1 to 1024, was 4096"),
                new Violation("options.num_thread", "must be a whole number from 0 to 1024, was 2000"),
                new Violation("options.temperature", "must be a number from 0 to 2, was 2.5"),
                new Violation("options.top_p", "must be a number from 0 to 1, was 1.01"));
        Map<String, Object> withinRanges = Map.of("num_ctx", 8192, "num_gpu", -1, "temperature", 0);
        assertThat(validator.toJobRequest(job().options(withinRanges).build()).options()).isEqualTo(withinRanges);
    }

    @Test
    void shouldRefuseAnInfiniteNumberInOptions() {
        assertThat(violations(job().options(Map.of("t", Double.POSITIVE_INFINITY))))
                .containsExactly(new Violation("options.t", "must be a finite number, was Infinity"));
        assertThat(violations(job().options(Map.of("stop", List.of(1, Double.NEGATIVE_INFINITY)))))
                .containsExactly(new Violation("options.stop", "must be finite numbers only, was [1,\"-Infinity\"]"));
    }

    @Test
    void shouldRefuseANulCharacterInAnOption() {
        assertThat(violations(job().options(Map.of("stop", List.of("\n", "\u0000")))))
                .containsExactly(new Violation("options.stop[1]", NUL));
    }

    @Test
    void shouldRefuseOptionsOverTheirSizeLimit() {
        // {"stop":["x..."]}: 13 characters around the text
        assertThat(violations(job().options(Map.of("stop", List.of("x".repeat(16_000))))))
                .containsExactly(new Violation("options", "is 16013 characters long as JSON" + OVER_THE_LIMIT));
    }

    @Test
    void shouldAcceptOptionsOfExactlyTheLimit() {
        Map<String, Object> options = Map.of("stop", List.of("x".repeat(16_000 - 13)));

        assertThat(validator.toJobRequest(job().options(options).build()).options()).isEqualTo(options);
    }

    // metadata

    @Test
    void shouldRefuseAnInfiniteNumberInMetadata() {
        Map<String, Object> metadata = Map.of("a", List.of(1, Map.of("b", Double.NEGATIVE_INFINITY)));

        assertThat(violations(job().metadata(metadata)))
                .containsExactly(new Violation("metadata.a[1].b", "must be a finite number, was -Infinity"));
    }

    @Test
    void shouldRefuseANulCharacterInMetadata() {
        assertThat(violations(job().metadata(Map.of("user", "u\u0000"))))
                .containsExactly(new Violation("metadata.user", NUL));
        assertThat(violations(job().metadata(Map.of("tags", List.of("a", "\u0000")))))
                .containsExactly(new Violation("metadata.tags[1]", NUL));
        assertThat(violations(job().metadata(Map.of("k\u0000", 1))))
                .containsExactly(new Violation("metadata", "has a key that " + NUL));
    }

    @Test
    void shouldRefuseMetadataOverItsSizeLimit() {
        // {"blob":"x..."}: 11 characters around the text
        assertThat(violations(job().metadata(Map.of("blob", "x".repeat(16_000)))))
                .containsExactly(new Violation("metadata", "is 16011 characters long as JSON" + OVER_THE_LIMIT));
    }

    @Test
    void shouldAcceptMetadataOfExactlyTheLimit() {
        assertThat(validator.toJobRequest(job().metadata(Map.of("blob", "x".repeat(16_000 - 11))).build())).isNotNull();
    }

    // the webhook

    @Test
    void shouldTakeAWebhookWithTheEventsItNames() {
        NewJob job = job().webhook("https://hooks.example.com/askflow", "job.running", "job.completed").build();
        validator.toJobRequest(job);

        assertThat(validator.webhook(job)).isEqualTo(new JobWebhook("https://hooks.example.com/askflow",
                Set.of(JobEventType.JOB_RUNNING, JobEventType.JOB_COMPLETED)));
    }

    @Test
    void shouldDeliverTheJobsEndWhenTheWebhookNamesNoEvents() {
        NewJob job = job().webhook(new NewJob.Webhook("http://hooks.example.com/", null)).build();
        validator.toJobRequest(job);

        assertThat(validator.webhook(job).events()).isEqualTo(JobWebhook.DEFAULT_EVENTS)
                .containsExactlyInAnyOrder(JobEventType.JOB_COMPLETED, JobEventType.JOB_FAILED);
        assertThat(validator.webhook(job().build())).as("no webhook asked for").isNull();
    }

    @Test
    void shouldLeaveTheWebhookOutOfTheFingerprint() {
        JobRequest plain = validator.toJobRequest(job().build());
        JobRequest hooked = validator.toJobRequest(job().webhook("https://hooks.example.com/a", "job.failed").build());

        assertThat(Fingerprint.of(hooked)).isEqualTo(Fingerprint.of(plain));
    }

    @Test
    void shouldRefuseAWebhookWithoutAUrl() {
        for (String url : Arrays.asList(null, "", "  ")) {
            assertThat(violations(job().webhook(url))).as(String.valueOf(url)).containsExactly(
                    new Violation("webhook.url", "is required: the http or https URL that receives the events"));
        }
    }

    @Test
    void shouldRefuseAWebhookUrlThatIsNotHttpOrHttps() {
        assertThat(violations(job().webhook("ftp://hooks.example.com/x"))).containsExactly(
                new Violation("webhook.url", "must be an http or https URL, was \"ftp:\""));
        assertThat(violations(job().webhook("hooks.example.com/x"))).containsExactly(
                new Violation("webhook.url", "must be an http or https URL, was \"hooks.example.com/x\""));
        assertThat(violations(job().webhook("https://hooks example.com/"))).singleElement()
                .satisfies(violation -> assertThat(violation.message()).startsWith("is not a URL: "));
        assertThat(violations(job().webhook("https://user:pw@hooks.example.com/"))).singleElement()
                .satisfies(violation -> assertThat(violation.message()).contains("user name or password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/hook", "http://127.0.0.1/", "https://10.1.2.3/", "http://172.16.0.9/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://224.0.0.1/", "http://[::1]:9000/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/",
            "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[::]/"})
    void shouldRefuseAWebhookToAnAddressThatIsNotPublic(String url) {
        assertThat(violations(job().webhook(url))).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("webhook.url");
            assertThat(violation.message()).contains(" is a ").endsWith(PUBLIC_ONLY);
        });
    }

    @Test
    void shouldSayWhichBlockARefusedAddressIsIn() {
        assertThat(violations(job().webhook("http://169.254.169.254/"))).containsExactly(new Violation("webhook.url",
                "169.254.169.254 is a link-local (cloud metadata) address (169.254.0.0/16); " + PUBLIC_ONLY));
    }

    @Test
    void shouldTakeALoopbackReceiverWhenTheAllowlistAllowsIt() {
        JobRequestValidator local = TestValidators.of(TestApiProperties.defaults(), new WebhookProperties(
                List.of("127.0.0.0/8"), TestValidators.SIGNING_SECRET), new ReceiverAddresses(
                List.of(Cidr.parse("127.0.0.0/8")), ReceiverAddresses.Resolver.SYSTEM));

        NewJob job = job().webhook("http://localhost:9000/hook").build();
        local.toJobRequest(job);

        assertThat(local.webhook(job).url()).isEqualTo("http://localhost:9000/hook");
        assertThat(violations(local, job().webhook("http://10.0.0.1/"))).as("only what is allowed").hasSize(1);
    }

    @Test
    void shouldRefuseAWebhookUrlOverTheLimit() {
        String base = "https://hooks.example.com/";

        assertThat(violations(job().webhook(base + "a".repeat(2_001 - base.length())))).containsExactly(
                new Violation("webhook.url", "is 2001 characters long; the limit is 2000: use a shorter URL"));
        NewJob longest = job().webhook(base + "a".repeat(2_000 - base.length())).build();
        validator.toJobRequest(longest);
        assertThat(validator.webhook(longest).url()).hasSize(2_000);
    }

    @Test
    void shouldRefuseANulCharacterOrHalfASurrogatePairInTheWebhook() {
        assertThat(violations(job().webhook("https://hooks.example.com/\u0000"))).containsExactly(
                new Violation("webhook.url", NUL));
        assertThat(violations(job().webhook("https://hooks.example.com/", "job.failed", "job.\uD800")))
                .singleElement().satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("webhook.events[1]");
                    assertThat(violation.message()).contains("surrogate pair");
                });
    }

    @Test
    void shouldRefuseAnUnknownEventListingTheKnownOnes() {
        assertThat(violations(job().webhook("https://hooks.example.com/", "job.completed", "job.started",
                "JOB.FAILED"))).containsExactly(
                new Violation("webhook.events[1]", "unknown event \"job.started\"; " + KNOWN_EVENTS),
                new Violation("webhook.events[2]", "unknown event \"JOB.FAILED\"; " + KNOWN_EVENTS));
    }

    @Test
    void shouldRefuseANullEventAndAnEmptyListOfEvents() {
        assertThat(violations(job().webhook(new NewJob.Webhook("https://hooks.example.com/",
                Arrays.asList("job.failed", null))))).containsExactly(
                new Violation("webhook.events[1]", "must not be null; " + KNOWN_EVENTS));
        assertThat(violations(job().webhook(new NewJob.Webhook("https://hooks.example.com/", List.of()))))
                .containsExactly(new Violation("webhook.events", "names no event: omit it for job.completed and"
                        + " job.failed, or name some of job.running, job.completed, job.failed"));
    }

    @Test
    void shouldRefuseAWebhookWhenNoSigningSecretIsConfiguredSayingWhichPropertyToSet() {
        JobRequestValidator unsigned = TestValidators.of(TestApiProperties.defaults(),
                new WebhookProperties(List.of(), ""), ReceiverAddresses.publicOnly());

        assertThat(violations(unsigned, job().webhook("https://hooks.example.com/", "job.bogus")))
                .as("one violation, not the URL's or the events' too").singleElement().satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("webhook");
                    assertThat(violation.message()).startsWith("jobs cannot carry a webhook on this server")
                            .contains("askflow.webhooks.signing-secret");
                });
        assertThat(unsigned.toJobRequest(job().build())).as("a job without one is fine").isNotNull();
    }

    // all at once

    @Test
    void shouldReportEveryViolationAtOnce() {
        Map<String, Object> options = new HashMap<>();
        options.put("temperature", null);
        options.put("numPredict", 1);

        List<Violation> violations = violations(job().question(" ").model("").chain("poetry").ttlSeconds(0)
                .options(options).metadata(Map.of("user", "\u0000")).webhook("http://10.0.0.1/", "job.done"));

        assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrder("question", "model", "chain",
                "cache.ttlSeconds", "options.temperature", "options.numPredict", "metadata.user", "webhook.url",
                "webhook.events[0]");
        assertThat(catchThrowableOfType(InvalidJobRequestException.class, () -> validator.toJobRequest(
                job().question(" ").chain("poetry").build())).getMessage())
                .as("the message lists them too, in order")
                .startsWith("question: is required and must not be blank; chain: unknown chain \"poetry\"");
    }

    // what a valid job becomes

    @Test
    void shouldTurnAQuestionAloneIntoARequestForTheDefaultChainAndItsVersion() {
        JobRequest request = validator.toJobRequest(NewJob.of("  What is   Kafka? "));

        assertThat(request.question()).as("as the caller wrote it: the fingerprint normalizes")
                .isEqualTo("  What is   Kafka? ");
        assertThat(request.chain()).isEqualTo("answer");
        assertThat(request.chainVersion()).isEqualTo(CHAINS.require("answer").version()).isNotBlank();
        assertThat(request.model()).isNull();
        assertThat(request.options()).isEmpty();
    }

    @Test
    void shouldKeepTheModelChainAndOptionsOfAValidJob() {
        Map<String, Object> options = Map.of("temperature", 0.5, "num_predict", 200, "stop", List.of("\n\n"));

        JobRequest request = validator.toJobRequest(job().model("qwen2.5").chain("research").options(options).build());

        assertThat(request).isEqualTo(new JobRequest("What is Kafka?", "qwen2.5", "research",
                CHAINS.require("research").version(), options));
    }

    @Test
    void shouldRunAJobThatNamesNoChainOnTheConfiguredDefaultChain() {
        JobRequestValidator researching = TestValidators.of(TestApiProperties.withDefaultChain("research"),
                new WebhookProperties(List.of(), ""), ReceiverAddresses.publicOnly());

        JobRequest request = researching.toJobRequest(NewJob.of("What is Kafka?"));

        assertThat(request.chain()).isEqualTo("research");
        assertThat(request.chainVersion()).isEqualTo(CHAINS.require("research").version());
    }

    @Test
    void shouldTakeTheCachePolicyTheJobAsksFor() {
        NewJob job = job().cacheMode(CachePolicy.Mode.REFRESH).ttlSeconds(600).build();
        validator.toJobRequest(job);

        assertThat(validator.cachePolicy(job)).isEqualTo(new CachePolicy(CachePolicy.Mode.REFRESH, 600));
        assertThat(validator.cachePolicy(job().cacheMode(CachePolicy.Mode.BYPASS).build()))
                .isEqualTo(new CachePolicy(CachePolicy.Mode.BYPASS, null));
    }

    @Test
    void shouldUseTheCacheWhenTheJobNamesNoMode() {
        assertThat(validator.cachePolicy(NewJob.of("What is Kafka?")))
                .isEqualTo(new CachePolicy(CachePolicy.Mode.USE, null)).isEqualTo(CachePolicy.DEFAULT);
        assertThat(validator.cachePolicy(job().ttlSeconds(60).build()))
                .isEqualTo(new CachePolicy(CachePolicy.Mode.USE, 60));
    }

    private List<Violation> violations(NewJobBuilder job) {
        return violations(validator, job);
    }

    private static List<Violation> violations(JobRequestValidator validator, NewJobBuilder job) {
        InvalidJobRequestException e = catchThrowableOfType(InvalidJobRequestException.class,
                () -> validator.toJobRequest(job.build()));
        assertThat(e).as("refused").isNotNull();
        return e.violations();
    }

    private static NewJobBuilder job() {
        return new NewJobBuilder();
    }

    /** A valid job ("What is Kafka?", everything else left out), to change one field at a time. */
    private static final class NewJobBuilder {

        private String question = "What is Kafka?";
        private String model;
        private String chain;
        private Map<String, Object> options;
        private CachePolicy.Mode cacheMode;
        private Integer ttlSeconds;
        private Map<String, Object> metadata;
        private NewJob.Webhook webhook;

        NewJobBuilder question(String value) {
            question = value;
            return this;
        }

        NewJobBuilder model(String value) {
            model = value;
            return this;
        }

        NewJobBuilder chain(String value) {
            chain = value;
            return this;
        }

        NewJobBuilder options(Map<String, Object> value) {
            options = value;
            return this;
        }

        NewJobBuilder cacheMode(CachePolicy.Mode value) {
            cacheMode = value;
            return this;
        }

        NewJobBuilder ttlSeconds(Integer value) {
            ttlSeconds = value;
            return this;
        }

        NewJobBuilder metadata(Map<String, Object> value) {
            metadata = value;
            return this;
        }

        NewJobBuilder webhook(NewJob.Webhook value) {
            webhook = value;
            return this;
        }

        /** A webhook to {@code url}; no events named: {@code null}, the default. */
        NewJobBuilder webhook(String url, String... events) {
            return webhook(new NewJob.Webhook(url, events.length == 0 ? null : List.of(events)));
        }

        NewJob build() {
            return new NewJob(question, model, chain, options, cacheMode, ttlSeconds, metadata, webhook);
        }
    }
}
