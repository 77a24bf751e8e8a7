package dev.bulwark.postgres;

import java.sql.SQLException;

/**
 * A statement's result, or one row of it, is larger than {@link RowReader#MAX_RESULT_BYTES}.
 */
final class ResultTooLargeException extends SQLException {

    private static final long serialVersionUID = 1L;

    ResultTooLargeException(long size) {
        super("a value of about " + size + " bytes is larger than the result limit of " + RowReader.MAX_RESULT_BYTES
                + " bytes");
    }
}
