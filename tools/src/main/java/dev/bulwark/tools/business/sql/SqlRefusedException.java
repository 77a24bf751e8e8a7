package dev.bulwark.tools.business.sql;

import dev.bulwark.core.ToolException;

/** A statement was refused before it reached the database, or the database refused it; says why in safe terms. */
final class SqlRefusedException extends ToolException {

    private static final long serialVersionUID = 1L;

    public SqlRefusedException(String reason) {
        super(reason);
    }

    public SqlRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }

    @Override
    public String errorType() {
        return "sql_refused";
    }
}
