package dev.bulwark.postgres;

/** The database roles the SQL tools act as; docs/operations.md and {@code postgres-roles.sql} create them. */
final class SqlRoles {

    /** Reads the allowed schemas' tables; nothing else. */
    static final String READER = "bulwark_sql_reader";
    /** Reads and writes rows of the allowed schemas' tables; no DDL. */
    static final String WRITER = "bulwark_sql_writer";

    private SqlRoles() {}

    static String forMode(dev.bulwark.ports.sql.AccessMode mode) {
        return mode == dev.bulwark.ports.sql.AccessMode.READ_WRITE ? WRITER : READER;
    }

    /** An identifier in double quotes, inner quotes doubled: safe to put in SQL whatever it holds. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
