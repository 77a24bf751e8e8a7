package dev.bulwark.ports.sql;

/**
 * Why the database refused or aborted a statement, in categories a caller can act on.
 */
public enum SqlFailure {
    /** The statement is not valid SQL for this database. */
    SYNTAX,
    /** A table, column, function or type it names does not exist (or is not visible to the role it runs as). */
    UNDEFINED_OBJECT,
    /** The role the statement runs as lacks a privilege it needs. */
    PERMISSION_DENIED,
    /** It tried to write in a read-only transaction. */
    READ_ONLY_VIOLATION,
    /** It broke a constraint: unique, foreign key, not-null or check. */
    CONSTRAINT_VIOLATION,
    /** A value is invalid for its type or operation (bad number, division by zero, wrong parameter type). */
    INVALID_DATA,
    /** A sub-query used as one value returned more than one row. */
    CARDINALITY_VIOLATION,
    /** It ran longer than the statement timeout and was cancelled. */
    TIMEOUT,
    /** It conflicted with a concurrent transaction (deadlock, serialization failure, lock timeout). */
    CONFLICT,
    /** The driver would send it as more than one statement; it was not run. */
    MULTIPLE_STATEMENTS,
    /**
     * Its result, or one row of it, is larger than the gateway reads for one statement
     * ({@link SqlGateway#maxResultBytes()}): it was not read, so the process cannot run out of memory on it.
     */
    RESULT_TOO_LARGE,
    /** The SQL tools are not set up in this database (their roles are missing). */
    NOT_SET_UP,
    /** Any other refusal. */
    OTHER
}
