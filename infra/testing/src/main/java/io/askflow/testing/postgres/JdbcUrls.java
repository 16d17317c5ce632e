package io.askflow.testing.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and rewrites the database part of a {@code jdbc:postgresql://} URL. */
final class JdbcUrls {

    private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");

    private JdbcUrls() {
    }

    static String withDatabase(String jdbcUrl, String database) {
        Matcher matcher = matcher(jdbcUrl);
        String query = matcher.group(3) == null ? "" : matcher.group(3);
        return matcher.group(1) + "/" + database + query;
    }

    /** The database the URL names, or an empty string when it names none. */
    static String database(String jdbcUrl) {
        String path = matcher(jdbcUrl).group(2);
        return path == null ? "" : path.substring(1);
    }

    private static Matcher matcher(String jdbcUrl) {
        Matcher matcher = POSTGRES_URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/database URL: " + jdbcUrl);
        }
        return matcher;
    }
}
