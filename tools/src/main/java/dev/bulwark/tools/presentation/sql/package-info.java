/**
 * The SQL tools: {@code execute_query}, {@code batch_operations}, {@code list_tables} and {@code get_table_schema};
 * rows and catalog names are presented as untrusted data.
 */
package dev.bulwark.tools.presentation.sql;
