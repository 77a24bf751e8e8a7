/** The SQL tools: execute_query, batch_operations and get_table_schema. */
package dev.bulwark.tools.presentation.sql;
