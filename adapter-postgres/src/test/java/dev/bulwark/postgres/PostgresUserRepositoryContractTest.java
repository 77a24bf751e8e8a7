package dev.bulwark.postgres;

import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.test.contract.UserRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The user repository contract on a real PostgreSQL. */
class PostgresUserRepositoryContractTest extends UserRepositoryContract {

    private static JdbcDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = PostgresDatabases.open(PostgresServer.shared(), 4);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Override
    protected UserRepository createRepository() {
        new Owner(database.ownerPool()).execute("DELETE FROM bulwark.users");
        return database.userRepository();
    }
}
