package dev.bulwark.postgres;

import dev.bulwark.config.ConfigProblem;
import java.util.Objects;

/**
 * The passwords the SQL tools log in to PostgreSQL with, as their own roles: a session logged in as its role cannot
 * leave it, while one switched to it with {@code SET LOCAL ROLE} could be reset by a statement. Immutable.
 *
 * @param readerPassword the password of {@code bulwark_sql_reader}; secret
 * @param writerPassword the password of {@code bulwark_sql_writer}; secret
 */
public record SqlLogins(String readerPassword, String writerPassword) {

    public SqlLogins {
        requireText(readerPassword, "readerPassword");
        requireText(writerPassword, "writerPassword");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw ConfigProblem.of(name, "must not be empty").refusal();
        }
    }

    @Override
    public String toString() {
        return "SqlLogins[readerPassword=****, writerPassword=****]";
    }
}
