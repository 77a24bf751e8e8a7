package dev.bulwark.tools.business.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A statement as a caller sent it: SQL text with {@code ?} placeholders, and the values to bind. Immutable.
 *
 * @param sql the statement text
 * @param parameters {@code null}, {@link String}, {@link Boolean}, {@link Long} or {@link java.math.BigDecimal}
 */
public record SqlOperation(String sql, List<Object> parameters) {

    public SqlOperation {
        Objects.requireNonNull(sql, "sql");
        parameters = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(parameters, "parameters")));
    }
}
