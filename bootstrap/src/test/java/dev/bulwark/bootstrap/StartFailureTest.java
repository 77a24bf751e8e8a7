package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.bootstrap.config.ConfigException;
import dev.bulwark.bootstrap.config.ConfigLoader;
import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.ports.DependencyUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every start failure prints one line first on stderr, naming the setting or resource and what to change, and exits
 * with a code of the table in docs/operations.md.
 */
class StartFailureTest {

    private final TerminationSignal signal = new TerminationSignal(
            Duration.ofSeconds(10), () -> {}, code -> {}, LoggerFactory.getLogger(StartFailureTest.class));
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args, Map<String, String> env) {
        return BulwarkServer.run(
                args,
                env,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                signal);
    }

    private String firstLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** The loopback ports on which a socket of this JVM listens now, read from {@code /proc}. */
    private static Set<Integer> listeningPortsOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the directory listing itself, or one closed since
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                boolean listening = fields[3].equals("0A");
                if (listening && inodes.contains(fields[9])) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static List<String> http(int port, int managementPort) {
        return http(String.valueOf(port), String.valueOf(managementPort));
    }

    /** {@code any} for a port binds a free one the operating system picks. */
    private static List<String> http(String port, String managementPort) {
        return new ArrayList<>(
                List.of("--http", "--host", "127.0.0.1", "--port", port, "--management-port", managementPort));
    }

    @Test
    void anMcpPortInUseExitsWithThePortCodeNamingHttpPortAndItsFlag() throws IOException {
        try (ServerSocket mcp = taken()) {
            int code = run(http(String.valueOf(mcp.getLocalPort()), "any"), Map.of());

            assertThat(code).isEqualTo(BulwarkServer.EXIT_PORT_IN_USE);
            assertThat(firstLine())
                    .startsWith("bulwark-server: cannot listen on 127.0.0.1 port " + mcp.getLocalPort()
                            + ", http.port (flag --port): another process is using it;")
                    .endsWith("set http.port (--port or MCP_HTTP_PORT) to a free port")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aManagementPortInUseExitsWithThePortCodeNamingTheManagementPort() throws IOException {
        try (ServerSocket management = taken()) {
            int code = run(http("any", String.valueOf(management.getLocalPort())), Map.of());

            assertThat(code).isEqualTo(BulwarkServer.EXIT_PORT_IN_USE);
            assertThat(firstLine())
                    .startsWith("bulwark-server: cannot listen on 127.0.0.1 port " + management.getLocalPort()
                            + ", http.management-port (flag --management-port):")
                    .endsWith("set http.management-port (--management-port or MCP_MANAGEMENT_PORT) to a free port");
        }
    }

    @Test
    void aFailedStartLeavesNoPortOpenSoNothingWasLeftListening() throws IOException {
        // Asked of the kernel rather than by binding a port found free before: any port may be taken meanwhile.
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
        try (ServerSocket mcp = taken()) {
            Set<Integer> before = listeningPortsOfThisProcess();

            int code = run(http(String.valueOf(mcp.getLocalPort()), "any"), Map.of());

            assertThat(code).isEqualTo(BulwarkServer.EXIT_PORT_IN_USE);
            assertThat(listeningPortsOfThisProcess())
                    .as("the ports this JVM listens on after the failed start")
                    .isSubsetOf(before);
        }
    }

    @Test
    void aHostThatIsNoAddressOfThisMachineIsAConfigurationErrorNamingHttpHost() throws IOException {
        List<String> args = http("any", "any");
        args.set(args.indexOf("127.0.0.1"), "192.0.2.1"); // TEST-NET-1: never an address of a test machine
        args.addAll(List.of("--auth", "off"));

        int code = run(args, Map.of());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(firstLine())
                .startsWith("bulwark-server: cannot listen on 192.0.2.1, http.host (flag --host): it"
                        + " is not an address of this machine; set http.host (--host or MCP_HTTP_HOST) to");
    }

    @Test
    void anInvalidConfigurationExitsWithTheConfigurationCodeAndSaysSoFirst() {
        int code = run(List.of("--max-concurrent-calls", "0"), Map.of());

        assertThat(code).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(firstLine()).isEqualTo("bulwark-server: invalid configuration (1 problem):");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("limits.max-concurrent-calls (flag" + " --max-concurrent-calls)");
    }

    @Test
    void anUnreachableRequiredDatabaseIsTheDependencyCodeNamingDatabaseUrlButNotItsValue() throws ConfigException {
        LoadedConfig loaded = new ConfigLoader()
                .load(List.of(), Map.of("DATABASE_URL", "postgresql://app:s3cr3t@db.internal:5432/app"));
        RuntimeException failure = new IllegalStateException(
                "wiring failed",
                new DependencyUnavailableException("database", "connection to db.internal:5432 refused"));

        StartFailure start = StartFailure.of(failure, loaded);

        assertThat(start.exitCode()).isEqualTo(BulwarkServer.EXIT_DEPENDENCY_DOWN);
        assertThat(start.line())
                .startsWith("bulwark-server: the required dependency database could not be reached" + " at start;")
                .contains("database.url (environment variable DATABASE_URL)")
                .doesNotContain("s3cr3t")
                .doesNotContain("db.internal")
                .doesNotContain("Exception");
    }

    @Test
    void anUnreachableRequiredRedisNamesRedisUrl() throws ConfigException {
        LoadedConfig loaded = new ConfigLoader().load(List.of("--redis-url", "redis://cache.internal:6379"), Map.of());

        StartFailure start = StartFailure.of(new DependencyUnavailableException("redis", "refused"), loaded);

        assertThat(start.exitCode()).isEqualTo(BulwarkServer.EXIT_DEPENDENCY_DOWN);
        assertThat(start.line()).contains("redis.url (flag --redis-url)").doesNotContain("cache.internal");
    }

    @Test
    void anyOtherFailureIsTheOtherCodeWithALineThatNamesNoJavaClassAndQuotesNoMessage() throws ConfigException {
        LoadedConfig loaded = new ConfigLoader().load(List.of(), Map.of());

        StartFailure start = StartFailure.of(new IllegalStateException("boom at secret.internal"), loaded);

        assertThat(start.exitCode()).isEqualTo(BulwarkServer.EXIT_START_FAILURE);
        assertThat(start.line())
                .startsWith("bulwark-server: the server could not start")
                .doesNotContain("IllegalStateException")
                .doesNotContain("secret.internal");
    }
}
