package dev.bulwark.archfixtures.coreio.core.data;

import javax.sql.DataSource;

/** Breaks "core uses no I/O library": a JDBC data source in the core. */
public class PooledRepository {

    private final DataSource dataSource;

    public PooledRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
