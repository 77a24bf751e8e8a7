package dev.bulwark.tools.business.sql;

import java.util.List;
import java.util.Objects;

/**
 * A statement that passed {@link StatementPolicy}: exactly one statement of an allowed type. Immutable.
 *
 * @param sql the statement as the caller wrote it (never rewritten)
 * @param kind whether it reads or writes
 * @param type the statement's type in words, for messages: {@code SELECT}, {@code INSERT}, ...
 * @param parameterCount how many {@code ?} placeholders it has
 * @param recursive whether it holds a recursive common table expression ({@code WITH RECURSIVE})
 * @param writesWithoutWhere each {@code UPDATE} or {@code DELETE} in it (a {@code WITH} clause's included) that has no
 *     {@code WHERE} clause and so changes every row of its table, as {@code "UPDATE accounts"} or
 *     {@code "DELETE FROM accounts"}; empty when there is none
 */
public record CheckedStatement(
        String sql,
        StatementKind kind,
        String type,
        int parameterCount,
        boolean recursive,
        List<String> writesWithoutWhere) {

    public CheckedStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        writesWithoutWhere = List.copyOf(writesWithoutWhere);
    }
}
