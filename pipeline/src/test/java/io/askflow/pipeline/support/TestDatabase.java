package io.askflow.pipeline.support;

import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A database of its own on the shared test PostgreSQL, with core's schema migrated by Flyway. */
public final class TestDatabase implements AutoCloseable {

    private final Infrastructure infra;
    private final String name;
    private final String url;
    private final DataSource dataSource;

    private TestDatabase(Infrastructure infra, String name) {
        this.infra = infra;
        this.name = name;
        this.url = infra.createDatabase(name);
        this.dataSource = new DriverManagerDataSource(url, infra.jdbcUsername(), infra.jdbcPassword());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** A new database named {@code prefix_<random>}, so that runs against an external server never collide. */
    public static TestDatabase create(String prefix) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return new TestDatabase(Infrastructures.shared(), prefix + "_" + HexFormat.of().formatHex(random));
    }

    public String url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    public TransactionTemplate transactions() {
        return new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    @Override
    public void close() {
        infra.dropDatabase(name);
    }
}
