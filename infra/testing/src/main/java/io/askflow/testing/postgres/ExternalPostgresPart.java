package io.askflow.testing.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/** A PostgreSQL server somebody else runs; checked once with a connection, never stopped. */
public final class ExternalPostgresPart implements PostgresPart {

    private final String jdbcUrl;
    private final String username;
    private final String password;

    private ExternalPostgresPart(String jdbcUrl, String username, String password) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    /**
     * Checks that a connection opens and returns a part pointing at the server.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
     * @param username the user name
     * @param password the password, empty for trust authentication
     * @return the part
     * @throws IllegalStateException when no connection opens
     */
    public static ExternalPostgresPart connect(String jdbcUrl, String username, String password) {
        ExternalPostgresPart part = new ExternalPostgresPart(jdbcUrl, username, password);
        try (Connection connection = part.connect()) {
            connection.isValid(5);
        }
        catch (SQLException e) {
            throw new IllegalStateException("external PostgreSQL at " + jdbcUrl + " does not answer: "
                    + e.getMessage(), e);
        }
        return part;
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String description() {
        return "external PostgreSQL at " + jdbcUrl;
    }

    @Override
    public void close() {
        // somebody else's server: nothing to stop
    }
}
