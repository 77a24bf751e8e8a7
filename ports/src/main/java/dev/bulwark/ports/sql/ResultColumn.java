package dev.bulwark.ports.sql;

import java.util.Objects;

/**
 * One column of a result. Immutable.
 *
 * @param name the column label as the database reports it
 * @param type the database type name, for example {@code int4} or {@code varchar}
 */
public record ResultColumn(String name, String type) {

    public ResultColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
