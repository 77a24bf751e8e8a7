package dev.bulwark.tools.business.sql;

import dev.bulwark.config.ConfigProblem;

/**
 * What the SQL tools may do on their database ({@code database.*} but the connection's keys, which belong to the
 * database adapter). Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param allowWrites whether {@code execute_query} and {@code batch_operations} may run writes (the caller also needs
 *     the write scope)
 * @param allowWritesWithoutWhere whether a write may be an {@code UPDATE} or {@code DELETE} without a {@code WHERE}
 *     clause, which changes every row of its table; refused when false (the default)
 * @param rowLimit rows returned by a query at most; more are cut and flagged {@code truncated}
 * @param batchMaxOperations statements one {@code batch_operations} call may hold at most
 */
public record SqlToolSettings(
        boolean allowWrites, boolean allowWritesWithoutWhere, int rowLimit, int batchMaxOperations) {

    public static final int DEFAULT_ROW_LIMIT = 1000;
    /**
     * The largest row limit: a result is cut at a million characters anyway, and the gateway asks the driver for one
     * row more than the limit, which must stay an {@code int}.
     */
    public static final int MAX_ROW_LIMIT = 1_000_000;

    public static final int DEFAULT_BATCH_MAX_OPERATIONS = 20;

    public SqlToolSettings {
        if (rowLimit < 1 || rowLimit > MAX_ROW_LIMIT) {
            throw ConfigProblem.of("database.row-limit", "must be from 1 to " + MAX_ROW_LIMIT + ", was " + rowLimit)
                    .refusal();
        }
        if (batchMaxOperations < 1) {
            throw ConfigProblem.of("database.batch-max-operations", "must be at least 1, was " + batchMaxOperations)
                    .refusal();
        }
    }

    /** Read-only, no writes without {@code WHERE}, the default row limit and batch size. */
    public static SqlToolSettings defaults() {
        return new SqlToolSettings(false, false, DEFAULT_ROW_LIMIT, DEFAULT_BATCH_MAX_OPERATIONS);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link SqlToolSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private boolean allowWrites;
        private boolean allowWritesWithoutWhere;
        private int rowLimit;
        private int batchMaxOperations;

        private Builder(SqlToolSettings from) {
            this.allowWrites = from.allowWrites;
            this.allowWritesWithoutWhere = from.allowWritesWithoutWhere;
            this.rowLimit = from.rowLimit;
            this.batchMaxOperations = from.batchMaxOperations;
        }

        public Builder allowWrites(boolean value) {
            this.allowWrites = value;
            return this;
        }

        public Builder allowWritesWithoutWhere(boolean value) {
            this.allowWritesWithoutWhere = value;
            return this;
        }

        public Builder rowLimit(int value) {
            this.rowLimit = value;
            return this;
        }

        public Builder batchMaxOperations(int value) {
            this.batchMaxOperations = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the key of a value out of range. */
        public SqlToolSettings build() {
            return new SqlToolSettings(allowWrites, allowWritesWithoutWhere, rowLimit, batchMaxOperations);
        }
    }
}
