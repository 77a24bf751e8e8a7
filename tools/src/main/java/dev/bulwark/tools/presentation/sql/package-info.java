/** The SQL tools: execute_query, batch_operations, list_tables and get_table_schema. */
package dev.bulwark.tools.presentation.sql;
