package dev.bulwark.postgres;

import java.util.Objects;

/**
 * The passwords the SQL tools log in to PostgreSQL with, as their own roles {@code bulwark_sql_reader} and
 * {@code bulwark_sql_writer}, on the host and database of {@link DatabaseOptions#url()}. A session that logs in as
 * its role cannot leave it: without logins the tools switch to the role with {@code SET LOCAL ROLE} from the URL's
 * login, which a statement that got past the checker could reset. Immutable; {@link #toString()} shows no password.
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
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    @Override
    public String toString() {
        return "SqlLogins[readerPassword=****, writerPassword=****]";
    }
}
