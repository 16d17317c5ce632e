package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.api.config.TestApiProperties;
import io.askflow.api.limit.OverloadBoundTest;
import io.askflow.api.limit.QueueQuota;
import io.askflow.api.tenant.TenantScopes;
import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.store.JobStore;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a submit tells its caller when PostgreSQL fails at an awkward moment: no database, no broker, no Spring. */
class SubmitJobTest {

    private static final CachedAnswer ANSWER = new CachedAnswer("A log.", UUID.randomUUID(), new TokenUsage(3, 4),
            Instant.parse("2026-01-01T10:00:00Z"));
    private static final NewJob BODY = new NewJob("What is Kafka?", null, null, null, null, null, Map.of("user", "u1"),
            null);

    private RuntimeException insertFailure;
    private RuntimeException publishFailure;
    private Supplier<RuntimeException> rollbackFailure;
    private Optional<CachedAnswer> cached = Optional.empty();

    @Test
    void shouldNameTheJobThatMayRunWhenTheRollbackAfterAFailedPublishFailsToo() {
        // how JdbcTransactionManager (Spring Boot's) and DataSourceTransactionManager report a rollback on a dead session
        for (Supplier<RuntimeException> failure : List.<Supplier<RuntimeException>>of(
                () -> new DataAccessResourceFailureException("JDBC rollback; An I/O error occurred"),
                () -> new TransactionSystemException("Could not roll back JDBC transaction"))) {
            publishFailure = JobNotAcceptedException.unacknowledged(UUID.randomUUID(),
                    "Kafka did not acknowledge the job within 5000 ms", null);
            rollbackFailure = failure;

            JobNotAcceptedException e = catchThrowableOfType(JobNotAcceptedException.class, () -> service().submit(BODY));

            assertThat(e).isSameAs(publishFailure);
            assertThat(e.fate()).isEqualTo(JobNotAcceptedException.Fate.MAY_RUN);
            assertThat(e.jobId()).isPresent();
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(failure.get().getClass());
        }
    }

    @Test
    void shouldRefuseWith400AValuePostgresRejectsAsInvalidData() {
        insertFailure = new DataIntegrityViolationException("insert into jobs",
                new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: unnamed portal",
                        "22021"));

        InvalidJobRequestException e = catchThrowableOfType(InvalidJobRequestException.class,
                () -> service().submit(BODY));

        assertThat(e.violations()).singleElement().satisfies(violation -> assertThat(violation.message())
                .isEqualTo("PostgreSQL cannot store a value of this job (ERROR: invalid byte sequence for encoding"
                        + " \"UTF8\": 0x00): change it and submit again"));
    }

    @Test
    void shouldStillSay503WhenPostgresIsAway() {
        insertFailure = new DataAccessResourceFailureException("insert into jobs",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));

        JobNotAcceptedException e = catchThrowableOfType(JobNotAcceptedException.class, () -> service().submit(BODY));

        assertThat(e.fate()).isEqualTo(JobNotAcceptedException.Fate.DROPPED);
    }

    @Test
    void shouldAnswerACachedJobWithoutReadingItBack() {
        cached = Optional.of(ANSWER);

        JobView view = JobView.accepted(service().submit(BODY));

        assertThat(view.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(view.source()).isEqualTo(JobSource.CACHE);
        assertThat(view.answer()).isEqualTo("A log.");
        assertThat(view.run().id()).isEqualTo(ANSWER.runId());
        assertThat(view.tokens()).isEqualTo(ANSWER.tokens());
        assertThat(view.metadata()).containsEntry("user", "u1");
        assertThat(view.completedAt()).isEqualTo(view.submittedAt());
    }

    @Test
    void shouldCarryTheJobsWebhookButLeaveItOutOfTheFingerprint() {
        NewJob hooked = new NewJob("What is Kafka?", null, null, null, null, null, null,
                new NewJob.Webhook("https://hooks.example.com/a", List.of("job.running")));

        JobSubmitted job = service().submit(hooked);
        JobSubmitted plain = service().submit(BODY);

        assertThat(job.webhook()).isEqualTo(new JobWebhook("https://hooks.example.com/a", Set.of(JobEventType.JOB_RUNNING)));
        assertThat(plain.webhook()).isNull();
        assertThat(job.fingerprint()).as("one run answers both").isEqualTo(plain.fingerprint());
        assertThat(JobView.accepted(job).webhook())
                .isEqualTo(new JobView.WebhookView("https://hooks.example.com/a", List.of("job.running")));
    }

    private SubmitJob service() {
        ApiProperties properties = TestApiProperties.defaults();
        JobStore store = new JobStore(new JdbcTemplate() {
            @Override
            public int[] batchUpdate(String sql, List<? extends Object[]> batchArgs) {
                if (insertFailure != null) {
                    throw insertFailure;
                }
                return new int[batchArgs.size()];
            }
        });
        JobPublisher publisher = new JobPublisher(null, properties) {
            @Override
            public void publish(JobSubmitted job) {
                if (publishFailure != null) {
                    throw publishFailure;
                }
            }
        };
        AnswerCache cache = new AnswerCache() {
            @Override
            public Optional<CachedAnswer> get(AnswerKey key) {
                return cached;
            }

            @Override
            public void put(AnswerKey key, CachedAnswer answer, Duration ttl) {
                throw new UnsupportedOperationException("the API never writes the cache");
            }
        };
        FastPath fastPath = new FastPath(new GuardedAnswerCache(cache, Duration.ofSeconds(1),
                new SimpleMeterRegistry()), properties);
        return new SubmitJob(TestValidators.defaults(), store, publisher,
                fastPath, new TransactionTemplate(new Transactions()), new JobIds(Clock.systemUTC()), Clock.systemUTC(),
                new QueueQuota(null, null, null, null) {
                    @Override
                    public void admit(JobSubmitted job) {
                        // the quota is shown on PostgreSQL in io.askflow.api.limit.QueueQuotaTest
                    }
                },
                OverloadBoundTest.unbounded(),
                new TenantScopes(tenant -> null, Duration.ZERO, System::nanoTime));
    }

    /** Transactions that do nothing, but whose rollback fails when {@link #rollbackFailure} says so. */
    private final class Transactions extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            if (rollbackFailure != null) {
                throw rollbackFailure.get();
            }
        }
    }
}
