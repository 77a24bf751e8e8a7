package dev.bulwark.tools.data.sql;

import dev.bulwark.core.DependencySaturatedException;
import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data layer's access to a {@link SqlGateway}. Thread-safe.
 */
public final class SqlGatewayAccess {

    private final SqlGateway gateway;

    public SqlGatewayAccess(SqlGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    public QueryResult execute(SqlStatement statement, AccessMode mode, int maxRows) {
        return guarded(() -> gateway.execute(statement, mode, maxRows));
    }

    public List<QueryResult> executeBatch(List<SqlStatement> statements, AccessMode mode, int maxRows) {
        return guarded(() -> gateway.executeBatch(statements, mode, maxRows));
    }

    public Optional<TableSchema> describeTable(String schema, String table) {
        return guarded(() -> gateway.describeTable(schema, table));
    }

    public TableListing listTables(Set<String> schemas, int maxTables) {
        return guarded(() -> gateway.listTables(schemas, maxTables));
    }

    /** See {@link SqlGateway#allowedSchemas()}. */
    public Set<String> allowedSchemas() {
        return gateway.allowedSchemas();
    }

    /** See {@link SqlGateway#statementTimeout()}. */
    public Duration statementTimeout() {
        return gateway.statementTimeout();
    }

    /** See {@link SqlGateway#connectionTimeout()}. */
    public Duration connectionTimeout() {
        return gateway.connectionTimeout();
    }

    /** See {@link SqlGateway#backslashEscapeStrings()}. */
    public boolean backslashEscapeStrings() {
        return gateway.backslashEscapeStrings();
    }

    /** See {@link SqlGateway#boundsRecursiveQueries()}. */
    public boolean boundsRecursiveQueries() {
        return gateway.boundsRecursiveQueries();
    }

    /** See {@link SqlGateway#maxResultBytes()}. */
    public long maxResultBytes() {
        return gateway.maxResultBytes();
    }

    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (DependencyBusyException busy) {
            throw new DependencySaturatedException(busy.dependency(), busy);
        }
    }
}
