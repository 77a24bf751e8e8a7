package dev.bulwark.tools.presentation.sql;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.ToolParam;
import java.util.List;
import java.util.Optional;

/** The input records of the SQL tools. Immutable as long as no one mutates the JSON values they hold. */
final class SqlInputs {

    static final String QUERY = "One SQL statement with ? placeholders for values: SELECT, VALUES or EXPLAIN, and"
            + " INSERT, UPDATE or DELETE where writes are allowed. Never put values into the text: bind them";
    static final String PARAMS =
            "The values bound to the ? placeholders, in order: strings, numbers, booleans or" + " null";

    private SqlInputs() {}

    /**
     * {@code execute_query}'s arguments.
     *
     * @param query the statement
     * @param params the bound values
     */
    public record ExecuteQuery(
            @ToolParam(description = QUERY) String query,
            @ToolParam(description = PARAMS) Optional<List<JsonNode>> params) {}

    /**
     * One statement of a batch.
     *
     * @param query the statement
     * @param params the bound values
     */
    public record Operation(
            @ToolParam(description = QUERY) String query,
            @ToolParam(description = PARAMS) Optional<List<JsonNode>> params) {}

    /**
     * {@code batch_operations}'s arguments.
     *
     * @param operations the statements, run in order in one transaction
     */
    public record BatchOperations(
            @ToolParam(
                    description = "The statements to run in order in one transaction: all take effect or none"
                            + " does. Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is refused")
            List<Operation> operations) {}

    /**
     * {@code get_table_schema}'s arguments.
     *
     * @param tableName the table
     */
    public record GetTableSchema(
            @JsonProperty("table_name")
            @ToolParam(description = "The table: 'table' or 'schema.table', in a schema the SQL tools may use")
            String tableName) {}

    /**
     * {@code list_tables}'s arguments.
     *
     * @param schema the one schema to list; every schema the SQL tools may use when absent
     */
    public record ListTables(
            @ToolParam(
                    description = "The one schema to list, as the catalog names it; every schema the SQL tools"
                            + " may use when left out")
            Optional<String> schema) {}
}
