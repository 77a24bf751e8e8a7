package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
            DatabaseOptions options = DatabaseOptions.of(Optional.of(url), 2, Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Set.of("public"));

            try (JdbcDatabase database = JdbcDatabase.open(options, Ticker.system())) {
                assertThat(migrationThreads()).as("the migration still waits for the silent database").isNotEmpty();
                assertThat(database.engine()).isEqualTo("postgresql");
            }
        }
    }

    @Test
    void aCallRightAfterOpeningWaitsForTheMigrationAndSucceeds() {
        try (JdbcDatabase database = H2Databases.open()) {
            Instant now = Instant.parse("2026-11-23T00:00:00Z");
            database.userRepository().insert(new User("0b0c2f0e-6a52-4c3c-9d0e-1b8f6f6b0a01", "Ada", "ada@example.com", now, now));

            assertThat(database.userRepository().findById("0b0c2f0e-6a52-4c3c-9d0e-1b8f6f6b0a01")).map(User::name).contains("Ada");
        }
    }

    private static List<Thread> migrationThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("bulwark-db-migration") && thread.isAlive())
                .toList();
    }

    /** Accepts connections and never answers them, like a database host behind a black hole. */
    private static final class Acceptor implements AutoCloseable {

        private final List<Socket> accepted = new ArrayList<>();
        private final Thread thread;

        Acceptor(ServerSocket server) {
            thread = new Thread(() -> {
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
            }, "silent-database");
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
