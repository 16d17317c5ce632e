package io.askflow.pipeline.sink;

import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.store.JobStore;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.Records;
import io.askflow.pipeline.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobsSinkTest {

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private JobsSink sink;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_jobs_sink");
        jdbc = db.jdbc();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private JobsSink sink() {
        if (sink == null) {
            sink = new JobsSink(new JobStore(jdbc), db.transactions(), new SinkMetrics(registry));
        }
        return sink;
    }

    @Test
    void shouldInsertTheJobAsQueuedWithItsHistory() {
        JobSubmitted job = Messages.job("What is Kafka?", new CachePolicy(CachePolicy.Mode.REFRESH, 60));

        sink().write(Records.batch(Topics.JOBS.name(), job));

        Map<String, Object> row = jdbc.queryForMap("select * from jobs where id = ?", job.jobId());
        assertThat(row).containsEntry("status", "QUEUED").containsEntry("question", "What is Kafka?")
                .containsEntry("model", "llama3.2").containsEntry("chain", "qa").containsEntry("chain_version", "1")
                .containsEntry("cache_mode", "REFRESH").containsEntry("cache_ttl_seconds", 60)
                .containsEntry("fingerprint", job.fingerprint()).containsEntry("tenant", "default")
                .containsEntry("cache_scope", "default");
        assertThat(jdbc.queryForObject("select options->>'temperature' from jobs where id = ?", String.class,
                job.jobId())).isEqualTo("0.2");
        assertThat(jdbc.queryForObject("select metadata->>'caller' from jobs where id = ?", String.class,
                job.jobId())).isEqualTo("test");
        assertThat(jdbc.queryForList("select status from job_history where job_id = ?", String.class, job.jobId()))
                .containsExactly("QUEUED");
    }

    @Test
    void shouldInsertTheJobWithItsTenantAndCacheScope() {
        JobSubmitted ofAcme = Messages.job("What is Kafka?", "acme", "tenant:acme");
        JobSubmitted shared = Messages.job("What is Kafka?", "beta", "shared:faq");

        sink().write(Records.batch(Topics.JOBS.name(), ofAcme, shared));

        assertThat(jdbc.queryForMap("select tenant, cache_scope from jobs where id = ?", ofAcme.jobId()))
                .containsEntry("tenant", "acme").containsEntry("cache_scope", "tenant:acme");
        assertThat(jdbc.queryForMap("select tenant, cache_scope from jobs where id = ?", shared.jobId()))
                .containsEntry("tenant", "beta").containsEntry("cache_scope", "shared:faq");
    }

    @Test
    void shouldLeaveAnExistingRowAlone() {
        JobSubmitted job = Messages.job("What is Kafka?");
        sink().write(Records.batch(Topics.JOBS.name(), job));
        jdbc.update("update jobs set status = 'COMPLETED', answer = 'A log.' where id = ?", job.jobId());

        sink().write(Records.batch(Topics.JOBS.name(), job, job));

        assertThat(jdbc.queryForObject("select status from jobs where id = ?", String.class, job.jobId()))
                .isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("select count(*) from job_history where job_id = ?", Integer.class,
                job.jobId())).isEqualTo(1);
    }

    @Test
    void shouldStoreAQuestionWithoutItsNulCharacters() {
        JobSubmitted job = Messages.job("What is \u0000Kafka?"); // PostgreSQL text has no NUL

        sink().write(Records.batch(Topics.JOBS.name(), job));

        assertThat(jdbc.queryForObject("select question from jobs where id = ?", String.class, job.jobId()))
                .isEqualTo("What is Kafka?");
    }

    @Test
    void shouldSkipUnreadableAndRefusedRecordsAndWriteTheOthers() {
        JobSubmitted good = Messages.job("What is Kafka?");
        JobSubmitted question = Messages.job("What is Kafka?");
        JobSubmitted refused = new JobSubmitted(question.jobId(), question.fingerprint(), question.request(),
                question.cache(), Map.of("caller", "te\u0000st"), question.submittedAt()); // jsonb has no \u0000
        JobSubmitted alsoGood = Messages.job("What is Redis?");

        sink().write(Records.batch(Topics.JOBS.name(), good, null, refused, alsoGood));

        assertThat(jdbc.queryForObject("select count(*) from jobs where id in (?, ?, ?)", Integer.class,
                good.jobId(), refused.jobId(), alsoGood.jobId())).isEqualTo(2);
        assertThat(registry.get(SinkMetrics.SKIPPED).tags("sink", "jobs", "reason", "unreadable").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(SinkMetrics.SKIPPED).tags("sink", "jobs", "reason", "refused").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(SinkMetrics.WRITTEN).tags("sink", "jobs").counter().count()).isEqualTo(2);
    }
}
