package io.askflow.pipeline.sink;

import io.askflow.core.json.Json;
import org.springframework.jdbc.core.SqlParameterValue;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Typed JDBC parameters, so that {@code null}s need no metadata look-up and times keep their offset. */
final class SqlValues {

    private SqlValues() {
    }

    static SqlParameterValue uuid(UUID value) {
        return new SqlParameterValue(Types.OTHER, value);
    }

    /**
     * Text without its NUL characters: PostgreSQL text cannot hold them, and refusing the record would
     * lose what it carries (a COMPLETED answer, the job's last status).
     */
    static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value == null ? null : value.replace("\0", ""));
    }

    static SqlParameterValue int4(Integer value) {
        return new SqlParameterValue(Types.INTEGER, value);
    }

    static SqlParameterValue int8(Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }

    static SqlParameterValue time(Instant value) {
        return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE,
                value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }

    /** A value as JSON text, for a {@code cast(? as jsonb)} parameter. */
    static SqlParameterValue json(Object value) {
        return text(Json.MAPPER.writeValueAsString(value));
    }
}
