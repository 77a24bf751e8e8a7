package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The schema owner's connections: the adapter's own HikariCP pool, which it sizes, trims and closes, or an
 * application's {@link DataSource}, which it only borrows connections from. Implementations are thread-safe.
 */
interface OwnerPool {

    /** The adapter's own pool, bounded by {@link Pools#bound}: this adapter trims, meters and closes it. */
    static OwnerPool own(HikariDataSource pool) {
        return new Own(pool);
    }

    /**
     * An application's data source: its pool stays the application's (never resized, trimmed, metered or closed
     * here). A connection that cannot be reset is still kept out of use: evicted from a HikariCP pool, aborted on
     * any other.
     *
     * @param fallbackSize the connections it is taken to hold when it is not a HikariCP pool that says
     */
    static OwnerPool borrowed(DataSource dataSource, int fallbackSize) {
        return new Borrowed(dataSource, fallbackSize);
    }

    Connection getConnection() throws SQLException;

    /** The connections the pool may hold at most. */
    int maximumSize();

    /** Retires {@code connection} for good: it never goes back to use. */
    void evict(Connection connection);

    /** Drops the idle connections (busy ones are retired when returned), after a connection failure. */
    void evictIdle();

    /** Keeps {@code minimum} idle connections from now on. */
    void keepIdle(int minimum);

    /** The HikariCP pool behind it, own or borrowed, for its statistics; empty when it is not HikariCP. */
    Optional<HikariDataSource> hikari();

    /** The pools whose HikariCP meters this adapter binds: its own only. */
    List<HikariDataSource> metered();

    /** Closes an own pool; leaves a borrowed one open. */
    void close();

    /** The pool's active, idle, total and waiting connections, as health details; none before it started. */
    default void describe(Map<String, String> details) {
        hikari().map(HikariDataSource::getHikariPoolMXBean).ifPresent(bean -> describe(bean, details));
        details.put("pool_max", String.valueOf(maximumSize()));
    }

    private static void describe(HikariPoolMXBean bean, Map<String, String> details) {
        details.put("pool_active", String.valueOf(bean.getActiveConnections()));
        details.put("pool_idle", String.valueOf(bean.getIdleConnections()));
        details.put("pool_total", String.valueOf(bean.getTotalConnections()));
        details.put("pool_waiting", String.valueOf(bean.getThreadsAwaitingConnection()));
    }

    /** See {@link #own}. */
    final class Own implements OwnerPool {
        private final HikariDataSource pool;

        private Own(HikariDataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public int maximumSize() {
            return pool.getMaximumPoolSize();
        }

        @Override
        public void evict(Connection connection) {
            pool.evictConnection(connection);
        }

        @Override
        public void evictIdle() {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            if (bean != null) {
                bean.softEvictConnections();
            }
        }

        @Override
        public void keepIdle(int minimum) {
            pool.getHikariConfigMXBean().setMinimumIdle(minimum);
        }

        @Override
        public Optional<HikariDataSource> hikari() {
            return Optional.of(pool);
        }

        @Override
        public List<HikariDataSource> metered() {
            return List.of(pool);
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** See {@link #borrowed}. */
    final class Borrowed implements OwnerPool {
        private final DataSource dataSource;
        private final Optional<HikariDataSource> hikari;
        private final int fallbackSize;

        private Borrowed(DataSource dataSource, int fallbackSize) {
            this.dataSource = dataSource;
            this.hikari = unwrapHikari(dataSource);
            this.fallbackSize = fallbackSize;
        }

        private static Optional<HikariDataSource> unwrapHikari(DataSource dataSource) {
            try {
                return dataSource.isWrapperFor(HikariDataSource.class)
                        ? Optional.of(dataSource.unwrap(HikariDataSource.class))
                        : Optional.empty();
            } catch (SQLException e) {
                return Optional.empty();
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public int maximumSize() {
            return hikari.map(HikariDataSource::getMaximumPoolSize).orElse(fallbackSize);
        }

        @Override
        public void evict(Connection connection) {
            if (hikari.isPresent()) {
                hikari.get().evictConnection(connection);
                return;
            }
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // closing below hands it back; a pool that validates drops an aborted connection
            }
            Pools.closeQuietly(connection);
        }

        @Override
        public void evictIdle() {
            // the application's pool: HikariCP checks a connection idle for more than 500 ms before handing it out
        }

        @Override
        public void keepIdle(int minimum) {
            // the application's pool keeps its own minimum
        }

        @Override
        public Optional<HikariDataSource> hikari() {
            return hikari;
        }

        @Override
        public List<HikariDataSource> metered() {
            return List.of(); // the application meters its own pool (Spring Boot binds HikariCP's meters)
        }

        @Override
        public void close() {
            // the application closes its data source
        }
    }
}
