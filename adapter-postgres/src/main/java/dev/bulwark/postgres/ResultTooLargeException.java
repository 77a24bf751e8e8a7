package dev.bulwark.postgres;

import java.sql.SQLException;

/**
 * Internal: a statement's result, or one row of it, is larger than {@link RowReader#MAX_RESULT_BYTES}, found by the
 * {@link RowReader} before it converted the value. The gateway reports it as
 * {@link dev.bulwark.ports.sql.SqlFailure#RESULT_TOO_LARGE}, like the driver's own refusal (see
 * {@link SqlErrors#isResultTooLarge}). Its message holds sizes only, never data.
 */
final class ResultTooLargeException extends SQLException {

    private static final long serialVersionUID = 1L;

    ResultTooLargeException(long size) {
        super("a value of about " + size + " bytes is larger than the result limit of " + RowReader.MAX_RESULT_BYTES
                + " bytes");
    }
}
