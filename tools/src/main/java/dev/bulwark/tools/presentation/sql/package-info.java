/**
 * The SQL tools: execute_query, batch_operations, list_tables and get_table_schema.
 *
 * <p><b>{@link SqlTools}</b>: The SQL tools, over a {@link SqlService}: {@code execute_query} and {@code
 * batch_operations} (scope {@value SqlTools#READ_SCOPE}; writes also need {@value SqlTools#WRITE_SCOPE} and {@code
 * database.allow-writes}), and {@code list_tables} and {@code get_table_schema} (scope {@value
 * SqlTools#READ_SCOPE}). None is cached: each answers with the database now. Rows and catalog names are presented
 * as untrusted data between random-boundary markers. The tools' timeout leaves the database's statement timeout
 * room to answer first, with its clearer message. Stateless factories; the tools are immutable and thread-safe.
 * {@code batch_operations}' timeout covers its worst case, every statement to the statement timeout (see {@link
 * SqlTools#batchTimeout}).
 *
 * <p><b>{@link SqlOutputs}</b>: The structured results of the SQL tools. Immutable as long as no one mutates the
 * row lists. A component that may be {@code null} is left out of the result rather than written as {@code null},
 * and left out of its schema's required list: the SDK checks every result against the tool's output schema.
 */
package dev.bulwark.tools.presentation.sql;
