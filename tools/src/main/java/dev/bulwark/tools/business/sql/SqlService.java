package dev.bulwark.tools.business.sql;

import dev.bulwark.core.ToolException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import dev.bulwark.tools.data.sql.SqlGatewayAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL tools' business rules: which statements run, in which mode, with which messages. Thread-safe.
 */
public final class SqlService {

    /** The most tables {@link #listTables} answers with; more are flagged as truncated. */
    public static final int MAX_LISTED_TABLES = 500;

    private final SqlGatewayAccess database;
    private final StatementPolicy policy;
    private final SqlToolSettings settings;

    /** A service on {@code gateway}, checking statements against the gateway's schemas and string syntax. */
    public static SqlService on(SqlGateway gateway, SqlToolSettings settings) {
        SqlGatewayAccess database = new SqlGatewayAccess(gateway);
        return new SqlService(
                database, new StatementPolicy(database.allowedSchemas(), database.backslashEscapeStrings()), settings);
    }

    public SqlService(SqlGatewayAccess database, StatementPolicy policy, SqlToolSettings settings) {
        this.database = Objects.requireNonNull(database, "database");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** How long one statement may run before the database cancels it. */
    public Duration statementTimeout() {
        return database.statementTimeout();
    }

    /** How long a call may wait for a database connection before it fails. */
    public Duration connectionTimeout() {
        return database.connectionTimeout();
    }

    /** The mode a caller's statements run in. */
    public AccessMode modeFor(boolean callerMayWrite) {
        return settings.allowWrites() && callerMayWrite ? AccessMode.READ_WRITE : AccessMode.READ_ONLY;
    }

    /**
     * Checks and runs one statement.
     *
     * @param callerMayWrite whether the caller holds the write scope
     */
    public SqlOutcome execute(SqlOperation operation, boolean callerMayWrite) {
        AccessMode mode = modeFor(callerMayWrite);
        CheckedStatement checked = check(operation, mode, callerMayWrite, "");
        QueryResult result;
        try {
            result = database.execute(
                    new SqlStatement(checked.sql(), operation.parameters()), mode, settings.rowLimit());
        } catch (SqlStatementException e) {
            throw failed(e, "");
        }
        return new SqlOutcome(checked, result, mode, settings.rowLimit());
    }

    /**
     * Checks every statement, then runs them all in one transaction: all take effect or none.
     *
     * @param callerMayWrite whether the caller holds the write scope
     */
    public List<SqlOutcome> executeBatch(List<SqlOperation> operations, boolean callerMayWrite) {
        if (operations.isEmpty()) {
            throw new SqlRefusedException("A batch needs at least one operation.");
        }
        if (operations.size() > settings.batchMaxOperations()) {
            throw new SqlRefusedException("A batch holds at most " + settings.batchMaxOperations()
                    + " operations; this one has " + operations.size() + ". Split it into smaller batches.");
        }
        AccessMode mode = modeFor(callerMayWrite);
        List<CheckedStatement> checked = new ArrayList<>();
        List<SqlStatement> statements = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            String where = "Operation " + (i + 1) + " of " + operations.size() + ": ";
            CheckedStatement statement = check(operations.get(i), mode, callerMayWrite, where);
            checked.add(statement);
            statements.add(new SqlStatement(statement.sql(), operations.get(i).parameters()));
        }
        List<QueryResult> results;
        try {
            results = database.executeBatch(statements, mode, settings.rowLimit());
        } catch (SqlStatementException e) {
            String where = e.statementIndex().isPresent()
                    ? "Operation " + (e.statementIndex().getAsInt() + 1) + " of " + operations.size() + " failed; "
                            + "nothing was committed. "
                    : "The batch failed; nothing was committed. ";
            throw failed(e, where);
        }
        List<SqlOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            outcomes.add(new SqlOutcome(checked.get(i), results.get(i), mode, settings.rowLimit()));
        }
        return outcomes;
    }

    /**
     * The table named {@code schema.table} or {@code table}, from the catalog. An unqualified name is looked up in
     * every allowed schema; a name that is not found as written is looked up lower-cased (PostgreSQL folds unquoted
     * names to lower case).
     */
    public TableSchema describeTable(String name) {
        String text = name == null ? "" : name.strip();
        if (text.isEmpty() || text.length() > 255) {
            throw new ToolException("table_name must be a table name such as 'orders' or 'public.orders'.");
        }
        if (text.indexOf('\u0000') >= 0) {
            // No table has one, and PostgreSQL refuses it in any text value, the catalog look-up included.
            throw new ToolException("table_name must not contain a NUL character (\\u0000).");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
            throw new ToolException("table_name must be 'table' or 'schema.table', was '" + text + "'.");
        }
        List<String> schemas;
        String table = parts[parts.length - 1];
        if (parts.length == 2) {
            if (!database.allowedSchemas().contains(parts[0])) {
                throw new ToolException("Schema '" + parts[0] + "' is not one the SQL tools may use (allowed: "
                        + allowedSchemas() + ").");
            }
            schemas = List.of(parts[0]);
        } else {
            schemas = database.allowedSchemas().stream().sorted().toList();
        }
        List<TableSchema> found = lookUp(schemas, table);
        if (found.isEmpty() && !table.equals(table.toLowerCase(Locale.ROOT))) {
            found = lookUp(schemas, table.toLowerCase(Locale.ROOT));
        }
        if (found.isEmpty()) {
            throw new TableNotFoundException(text, allowedSchemas());
        }
        if (found.size() > 1) {
            throw new ToolException("Table '" + table + "' exists in several schemas ("
                    + String.join(", ", found.stream().map(TableSchema::schema).toList())
                    + "); name it as schema.table.");
        }
        return found.get(0);
    }

    /**
     * The tables and views the SQL tools may read, with their columns: those of {@code schema}, or of every allowed
     * schema when none is given, at most {@link #MAX_LISTED_TABLES}. Only the allowed schemas are ever listed, and
     * only what the read-only role may read in them.
     */
    public TableListing listTables(Optional<String> schema) {
        Set<String> schemas;
        if (schema.isPresent()) {
            String name = schema.get().strip();
            if (!database.allowedSchemas().contains(name)) {
                throw new ToolException(
                        "Schema '" + name + "' is not one the SQL tools may use (allowed: " + allowedSchemas() + ").");
            }
            schemas = Set.of(name);
        } else {
            schemas = database.allowedSchemas();
        }
        try {
            return database.listTables(schemas, MAX_LISTED_TABLES);
        } catch (SqlStatementException e) {
            throw failed(e, "Listing the tables failed. ");
        }
    }

    private List<TableSchema> lookUp(List<String> schemas, String table) {
        List<TableSchema> found = new ArrayList<>();
        for (String schema : schemas) {
            Optional<TableSchema> described;
            try {
                described = database.describeTable(schema, table);
            } catch (SqlStatementException e) {
                // The same answer as a query's: a look-up cancelled at the statement timeout (the table is locked)
                // is a timeout, any other refusal sql_refused, in the same fixed words.
                throw failed(e, "Describing table '" + schema + "." + table + "' failed. ");
            }
            described.ifPresent(found::add);
        }
        return found;
    }

    private CheckedStatement check(SqlOperation operation, AccessMode mode, boolean callerMayWrite, String where) {
        CheckedStatement checked;
        try {
            checked = policy.check(operation.sql());
        } catch (SqlRefusedException e) {
            throw new SqlRefusedException(where + e.getMessage(), e);
        }
        if (checked.kind() == StatementKind.WRITE && mode == AccessMode.READ_ONLY) {
            String why = !settings.allowWrites()
                    ? "this server runs SQL read-only (database.allow-writes is false)"
                    : "the caller lacks the sql:write scope";
            throw new SqlRefusedException(
                    where + "Statement refused: " + checked.type() + " writes, and " + why + ". Only reads can run.");
        }
        if (mode == AccessMode.READ_WRITE
                && !checked.writesWithoutWhere().isEmpty()
                && !settings.allowWritesWithoutWhere()) {
            List<String> whole = checked.writesWithoutWhere();
            throw new SqlRefusedException(where + "Statement refused: " + String.join(" and ", whole)
                    + (whole.size() == 1
                            ? " has no WHERE clause, so it would change every row of the table"
                            : " have no WHERE clause, so they would change every row of their tables")
                    + ". To change some rows, add a WHERE clause that selects them. Changing every row in one"
                    + " statement is allowed only when the server's operator sets"
                    + " database.allow-writes-without-where.");
        }
        if (checked.recursive() && !database.boundsRecursiveQueries()) {
            throw new SqlRefusedException(where + "Statement refused: recursive queries (WITH RECURSIVE) cannot run on"
                    + " this database, which keeps a recursion's rows in memory and would run out of it before the"
                    + " statement timeout; write the query without recursion, or use PostgreSQL (DATABASE_URL).");
        }
        if (checked.parameterCount() != operation.parameters().size()) {
            throw new SqlRefusedException(where + "The statement has " + checked.parameterCount()
                    + " ? placeholder(s) but " + operation.parameters().size() + " parameter(s) were given;"
                    + " pass exactly one value per placeholder, in order.");
        }
        return checked;
    }

    /** A statement cancelled at the timeout ends as a {@code timeout}; any other refusal as {@code sql_refused}. */
    private ToolException failed(SqlStatementException e, String prefix) {
        String message = describe(e, prefix);
        return e.failure() == SqlFailure.TIMEOUT
                ? new SqlTimeoutException(message, e)
                : new SqlRefusedException(message, e);
    }

    private String describe(SqlStatementException e, String prefix) {
        String state = e.sqlState().isEmpty() ? "" : " (SQLSTATE " + e.sqlState() + ")";
        SqlFailure failure = e.failure();
        String message = switch (failure) {
            case SYNTAX -> "The database could not parse the statement" + state + "; check its syntax.";
            case UNDEFINED_OBJECT ->
                "A table, column, function or type the statement names does not exist, or the"
                        + " SQL tools may not see it" + state
                        + ". list_tables lists the tables and columns they may read.";
            case PERMISSION_DENIED -> "The SQL tools' database role is not allowed to do this" + state + ".";
            case READ_ONLY_VIOLATION ->
                "The statement tried to write in a read-only transaction" + state + "; nothing was changed.";
            case CONSTRAINT_VIOLATION ->
                "The statement broke a constraint (unique, foreign key, not-null or check)" + state
                        + "; nothing was changed.";
            case INVALID_DATA ->
                "A value is invalid for its type or operation" + state + "; check the parameters' types and values.";
            case CARDINALITY_VIOLATION ->
                "A sub-query used as one value returned more than one row" + state
                        + "; make it return at most one (LIMIT 1, an aggregate) or use IN or EXISTS.";
            case TIMEOUT ->
                "The statement ran longer than the statement timeout of "
                        + database.statementTimeout().toMillis() + " ms and was cancelled; nothing was changed.";
            case CONFLICT ->
                "The statement conflicted with a concurrent transaction" + state + "; nothing was changed. Retry it.";
            case MULTIPLE_STATEMENTS ->
                "The database driver would run this as more than one statement; it was"
                        + " not run. Send exactly one statement.";
            case RESULT_TOO_LARGE ->
                "The result is larger than " + database.maxResultBytes() + " bytes, the most"
                        + " the server reads for one statement (a fixed limit of the database adapter); nothing was"
                        + " returned or changed. Select fewer or smaller columns, or fewer rows (LIMIT, substring()).";
            case NOT_SET_UP ->
                "The SQL tools are not set up on this database: the roles they run as are missing."
                        + " Ask the server's operator (see the operations guide, section Database).";
            case OTHER -> "The database refused the statement" + state + ".";
        };
        return prefix + message;
    }

    private String allowedSchemas() {
        return String.join(", ", database.allowedSchemas().stream().sorted().toList());
    }
}
