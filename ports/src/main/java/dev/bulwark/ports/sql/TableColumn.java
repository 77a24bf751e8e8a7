package dev.bulwark.ports.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * One column of a table as the catalog describes it. Immutable.
 *
 * @param name the column name
 * @param dataType the catalog's type name, for example {@code integer} or {@code character varying(100)}
 * @param nullable whether it accepts {@code NULL}
 * @param defaultValue the default expression, as the catalog shows it, if any
 */
public record TableColumn(String name, String dataType, boolean nullable, Optional<String> defaultValue) {

    public TableColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
