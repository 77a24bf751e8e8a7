package dev.bulwark.tools.business.sql;

/** What a checked statement does to the data. */
public enum StatementKind {
    /** Only reads: SELECT, VALUES, EXPLAIN without ANALYZE of a write. */
    READ,
    /** Writes: INSERT, UPDATE, DELETE, or a query with a data-modifying WITH clause. */
    WRITE
}
