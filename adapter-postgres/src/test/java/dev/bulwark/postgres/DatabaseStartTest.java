package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.users.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Opening the database is off the path to the server's first answer: the schema is migrated in the background. */
class DatabaseStartTest {

    @Test
    void openReturnsWhileTheSchemaMigrationStillWaitsForADatabaseThatDoesNotAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Acceptor acceptor = new Acceptor(silent)) {
            String url = "postgresql://bulwark:secret@127.0.0.1:" + silent.getLocalPort() + "/bulwark";
            DatabaseSettings options = DatabaseSettings.builder()
                    .url(Optional.of(url))
                    .poolSize(2)
                    .connectionTimeout(Duration.ofSeconds(30))
                    .statementTimeout(Duration.ofSeconds(30))
                    .allowedSchemas(Set.of("public"))
                    .build();

            try (JdbcDatabase database = JdbcDatabase.open(options, Ticker.system())) {
                assertThat(database.migrationRunning())
                        .as("the migration still waits for the silent database")
                        .isTrue();
                assertThat(database.engine()).isEqualTo("postgresql");
            }
        }
    }

    @Test
    void aCallRightAfterOpeningWaitsForTheMigrationAndSucceeds() {
        try (JdbcDatabase database = H2Databases.open()) {
            Instant now = Instant.parse("2026-11-23T00:00:00Z");
            database.userRepository()
                    .insert(new User("0b0c2f0e-6a52-4c3c-9d0e-1b8f6f6b0a01", "Ada", "ada@example.com", now, now));

            assertThat(database.userRepository().findById("0b0c2f0e-6a52-4c3c-9d0e-1b8f6f6b0a01"))
                    .map(User::name)
                    .contains("Ada");
        }
    }

    @Test
    void withAMigrationDelayNothingOpensTheEmbeddedDatabaseBeforeItEnds() throws InterruptedException {
        try (JdbcDatabase database = H2Databases.open(Duration.ofMinutes(1))) {
            Thread.sleep(500); // HikariCP would open its idle connections 100 ms after the pool starts

            assertThat(database.isMigrated()).isFalse();
            assertThat(database.pooledConnections()).isZero();
        }
    }

    @Test
    void aCallBeforeTheDelayEndsMigratesAtOnceAndSucceeds() {
        try (JdbcDatabase database = H2Databases.open(Duration.ofMinutes(1))) {
            Instant now = Instant.parse("2026-11-23T00:00:00Z");
            database.userRepository()
                    .insert(new User("5a0c2f0e-6a52-4c3c-9d0e-1b8f6f6b0a02", "Grace", "grace@example.com", now, now));

            assertThat(database.isMigrated()).isTrue();
            assertThat(database.userRepository().findById("5a0c2f0e-6a52-4c3c-9d0e-1b8f6f6b0a02"))
                    .map(User::name)
                    .contains("Grace");
        }
    }

    @Test
    void aHealthCheckBeforeTheDelayEndsMigratesAndReportsTheDatabaseUp() {
        try (JdbcDatabase database = H2Databases.open(Duration.ofMinutes(1))) {
            assertThat(database.healthIndicator().check().status()).isEqualTo(ComponentStatus.UP);
            assertThat(database.isMigrated()).isTrue();
        }
    }

    @Test
    void theBackgroundMigrationRunsWhenTheDelayEnds() {
        try (JdbcDatabase database = H2Databases.open(Duration.ofMillis(200))) {
            await().atMost(Duration.ofSeconds(30)).until(database::isMigrated);
        }
    }

    @Test
    void onceMigratedThePoolKeepsItsIdleConnections() {
        try (JdbcDatabase database = H2Databases.open(Duration.ofMinutes(1))) {
            database.ownerPool();

            await().atMost(Duration.ofSeconds(30)).until(() -> database.pooledConnections() > 0);
        }
    }

    @Test
    void closingBeforeTheDelayEndsEndsTheWaitingMigration() {
        JdbcDatabase database = H2Databases.open(Duration.ofMinutes(1));
        assertThat(database.migrationRunning()).as("waiting for its delay").isTrue();

        database.close();

        assertThat(database.migrationRunning()).isFalse();
        assertThat(database.isMigrated()).isFalse();
    }

    /** Accepts connections and never answers them, like a database host behind a black hole. */
    private static final class Acceptor implements AutoCloseable {

        private final List<Socket> accepted = new ArrayList<>();
        private final Thread thread;

        Acceptor(ServerSocket server) {
            thread = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket socket = server.accept();
                                synchronized (accepted) {
                                    accepted.add(socket);
                                }
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-database");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
