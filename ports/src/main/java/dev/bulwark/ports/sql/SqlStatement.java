package dev.bulwark.ports.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement with {@code ?} placeholders and the values bound to them. Immutable.
 *
 * @param sql the statement text, already checked by the core (one statement, allowed type)
 * @param parameters the bound values: {@code null}, {@link String}, {@link Boolean}, {@link Long} or
 *     {@link BigDecimal}
 */
public record SqlStatement(String sql, List<Object> parameters) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(parameters, "parameters");
        List<Object> copy = new ArrayList<>(parameters);
        for (Object value : copy) {
            if (value != null
                    && !(value instanceof String)
                    && !(value instanceof Boolean)
                    && !(value instanceof Long)
                    && !(value instanceof BigDecimal)) {
                throw new IllegalArgumentException(
                        "a bound parameter must be null, String, Boolean, Long or BigDecimal, was " + value.getClass());
            }
        }
        parameters = Collections.unmodifiableList(copy);
    }

    /** A statement with no parameters. */
    public static SqlStatement of(String sql) {
        return new SqlStatement(sql, List.of());
    }
}
