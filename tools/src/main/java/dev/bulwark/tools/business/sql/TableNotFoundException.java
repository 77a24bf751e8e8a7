package dev.bulwark.tools.business.sql;

import dev.bulwark.core.ToolException;

/** No table with the given name exists in the schemas the SQL tools may use (or their roles cannot see it). */
final class TableNotFoundException extends ToolException {

    private static final long serialVersionUID = 1L;

    public TableNotFoundException(String name, String allowedSchemas) {
        super("No table named '" + name + "' in the schemas the SQL tools may use (" + allowedSchemas
                + "). Names are matched exactly, then lower-cased.");
    }

    @Override
    public String errorType() {
        return "not_found";
    }
}
