package dev.bulwark.postgres;

import dev.bulwark.ports.PortException;
import dev.bulwark.ports.users.DuplicateEmailException;
import dev.bulwark.ports.users.User;
import dev.bulwark.ports.users.UserChanges;
import dev.bulwark.ports.users.UserPosition;
import dev.bulwark.ports.users.UserRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link UserRepository} on the {@code bulwark.users} table. Thread-safe.
 */
final class JdbcUserRepository implements UserRepository {

    private static final String COLUMNS = "id, name, email, created_at, updated_at";
    private static final String TABLE = SchemaMigrator.SCHEMA + ".users";

    private final Connections connections;
    private final DatabaseGuard guard;
    private final int timeoutSeconds;
    private final DatabaseTracing tracing;

    JdbcUserRepository(
            Connections connections, DatabaseGuard guard, DatabaseSettings options, DatabaseTracing tracing) {
        this.tracing = tracing;
        this.connections = connections;
        this.guard = guard;
        this.timeoutSeconds = DatabaseSettings.seconds(options.statementTimeout());
    }

    @Override
    public void insert(User user) {
        tracing.traced(
                "INSERT",
                TABLE,
                () -> guard.write(() -> {
                    try (Connection connection = connections.forWrite();
                            PreparedStatement statement = prepare(
                                    connection, "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
                        statement.setObject(1, UUID.fromString(user.id()));
                        statement.setString(2, user.name());
                        statement.setString(3, user.email());
                        statement.setObject(4, timestamp(user.createdAt()));
                        statement.setObject(5, timestamp(user.updatedAt()));
                        CommitInDoubt.committing(statement::executeUpdate); // it commits itself
                        return null;
                    } catch (SQLException e) {
                        throw duplicateOr(e);
                    }
                }));
    }

    @Override
    public Optional<User> findById(String id) {
        return tracing.traced(
                "SELECT",
                TABLE,
                () -> guard.read(() -> {
                    try (Connection connection = connections.forRead()) {
                        return find(connection, id);
                    }
                }));
    }

    @Override
    public Optional<User> update(String id, UserChanges changes) {
        return tracing.traced(
                "UPDATE",
                TABLE,
                () -> guard.write(() -> {
                    try (Connection connection = connections.forWrite()) {
                        connection.setAutoCommit(false);
                        try (PreparedStatement statement = prepare(
                                connection,
                                "UPDATE " + TABLE
                                        + " SET name = COALESCE(?, name), email = COALESCE(?, email), updated_at = ? WHERE id = ?")) {
                            setText(statement, 1, changes.name());
                            setText(statement, 2, changes.email());
                            statement.setObject(3, timestamp(changes.updatedAt()));
                            statement.setObject(4, UUID.fromString(id));
                            if (statement.executeUpdate() == 0) {
                                connection.rollback();
                                return Optional.empty();
                            }
                            Optional<User> updated = find(connection, id);
                            CommitInDoubt.committing(() -> {
                                connection.commit();
                                return null;
                            });
                            return updated;
                        } catch (SQLException e) {
                            rollbackQuietly(connection);
                            throw duplicateOr(e);
                        }
                    }
                }));
    }

    @Override
    public boolean delete(String id) {
        return tracing.traced(
                "DELETE",
                TABLE,
                () -> guard.write(() -> {
                    try (Connection connection = connections.forWrite();
                            PreparedStatement statement =
                                    prepare(connection, "DELETE FROM " + TABLE + " WHERE id = ?")) {
                        statement.setObject(1, UUID.fromString(id));
                        return CommitInDoubt.committing(statement::executeUpdate) > 0; // it commits itself
                    }
                }));
    }

    @Override
    public List<User> list(Optional<UserPosition> after, int limit) {
        return tracing.traced(
                "SELECT",
                TABLE,
                () -> guard.read(() -> {
                    try (Connection connection = connections.forRead()) {
                        String where = after.isPresent() ? " WHERE created_at > ? OR (created_at = ? AND id > ?)" : "";
                        try (PreparedStatement statement = prepare(
                                connection,
                                "SELECT " + COLUMNS + " FROM " + TABLE + where + " ORDER BY created_at, id LIMIT ?")) {
                            int index = 1;
                            if (after.isPresent()) {
                                OffsetDateTime at = timestamp(after.get().createdAt());
                                statement.setObject(index++, at);
                                statement.setObject(index++, at);
                                statement.setObject(
                                        index++, UUID.fromString(after.get().id()));
                            }
                            statement.setInt(index, limit);
                            List<User> users = new ArrayList<>();
                            try (ResultSet rows = statement.executeQuery()) {
                                while (rows.next()) {
                                    users.add(user(rows));
                                }
                            }
                            return users;
                        }
                    }
                }));
    }

    private Optional<User> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement =
                prepare(connection, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?")) {
            statement.setObject(1, UUID.fromString(id));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(user(rows)) : Optional.empty();
            }
        }
    }

    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(timeoutSeconds);
        return statement;
    }

    private static void setText(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static User user(ResultSet rows) throws SQLException {
        return new User(
                rows.getObject(1, UUID.class).toString(),
                rows.getString(2),
                rows.getString(3),
                rows.getObject(4, OffsetDateTime.class).toInstant(),
                rows.getObject(5, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Rolls back; on a broken connection, which the database has rolled back itself, the failure is not news. */
    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: closing it lets the pool evict it
        }
    }

    /** A unique violation on the email becomes the port's exception; anything else stays a SQL failure. */
    private static SQLException duplicateOr(SQLException e) {
        if ("23505".equals(e.getSQLState())
                && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("email")) {
            throw new DuplicateEmailException(e);
        }
        if ("23505".equals(e.getSQLState())) {
            throw new PortException("unique violation on the users table (SQLSTATE 23505)", e);
        }
        return e;
    }
}
