package dev.bulwark.postgres;

import java.sql.SQLException;

/**
 * The connection failed while the database may have been applying a write.
 */
final class CommitInDoubt extends SQLException {

    private static final long serialVersionUID = 1L;

    private CommitInDoubt(SQLException cause) {
        super("the connection failed while the database may have been applying a write", cause.getSQLState(), cause);
    }

    /** A step that may commit a write. */
    interface CommitStep<T> {
        T run() throws SQLException;
    }

    /** Runs {@code step}, a point where the database may apply a write: a connection failure in it is in doubt. */
    static <T> T committing(CommitStep<T> step) throws SQLException {
        try {
            return step.run();
        } catch (SQLException e) {
            if (SqlErrors.isConnectionFailure(e) && !SqlErrors.isInterruption(e)) {
                throw new CommitInDoubt(e);
            }
            throw e;
        }
    }
}
