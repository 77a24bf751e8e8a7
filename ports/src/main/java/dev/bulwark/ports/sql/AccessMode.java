package dev.bulwark.ports.sql;

/** What a statement may do to the data; the gateway enforces it in the database, not only by inspection. */
public enum AccessMode {
    /**
     * Read only: run in a read-only transaction as a role with read privileges only, and always rolled back, so
     * even a statement that got past every check changes nothing.
     */
    READ_ONLY,
    /** Read and write: run as a role with the write privileges the SQL tools need, and committed on success. */
    READ_WRITE
}
