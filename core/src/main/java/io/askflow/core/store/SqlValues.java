package io.askflow.core.store;

import io.askflow.core.json.Json;
import org.springframework.jdbc.core.SqlParameterValue;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/** Typed JDBC parameters, so that {@code null}s need no metadata look-up and times keep their offset. */
public final class SqlValues {

    private SqlValues() {
    }

    public static SqlParameterValue uuid(UUID value) {
        return new SqlParameterValue(Types.OTHER, value);
    }

    /**
     * Text without its NUL characters: PostgreSQL text cannot hold them, and refusing the record would
     * lose what it carries (a COMPLETED answer, the job's last status).
     */
    public static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value == null ? null : value.replace("\0", ""));
    }

    public static SqlParameterValue int4(Integer value) {
        return new SqlParameterValue(Types.INTEGER, value);
    }

    public static SqlParameterValue int8(Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }

    public static SqlParameterValue time(Instant value) {
        return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE,
                value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }

    /** A value as JSON text, for a {@code cast(? as jsonb)} parameter. */
    public static SqlParameterValue json(Object value) {
        return text(Json.MAPPER.writeValueAsString(value));
    }

    /**
     * For each status of {@code type}, the statuses a row may leave for it, comma-separated, for a
     * {@code status = any(string_to_array(?, ','))} guard: the lifecycle's rules, enforced where rows change.
     */
    public static <S extends Enum<S>> Map<S, String> allowedFrom(Class<S> type, BiPredicate<S, S> allowed) {
        Map<S, String> result = new EnumMap<>(type);
        for (S to : type.getEnumConstants()) {
            result.put(to, Arrays.stream(type.getEnumConstants()).filter(from -> allowed.test(from, to))
                    .map(Enum::name).collect(Collectors.joining(",")));
        }
        return result;
    }
}
