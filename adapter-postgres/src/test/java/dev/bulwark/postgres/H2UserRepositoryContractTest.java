package dev.bulwark.postgres;

import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.test.contract.UserRepositoryContract;
import org.junit.jupiter.api.AfterEach;

/** The user repository contract on the embedded H2 database. */
class H2UserRepositoryContractTest extends UserRepositoryContract {

    private JdbcDatabase database;

    @Override
    protected UserRepository createRepository() {
        database = H2Databases.open();
        return database.userRepository();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
