package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = taken()) {
            return socket.getLocalPort();
        }
    }

    private static List<String> http(int port, int managementPort) {
        return new ArrayList<>(List.of(
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--management-port",
                String.valueOf(managementPort)));
    }

    @Test
    void anMcpPortInUseExitsWithThePortCodeNamingHttpPortAndItsFlag() throws IOException {
        try (ServerSocket mcp = taken()) {
            int code = run(http(mcp.getLocalPort(), freePort()), Map.of());

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
            int code = run(http(freePort(), management.getLocalPort()), Map.of());

            assertThat(code).isEqualTo(BulwarkServer.EXIT_PORT_IN_USE);
            assertThat(firstLine())
                    .startsWith("bulwark-server: cannot listen on 127.0.0.1 port " + management.getLocalPort()
                            + ", http.management-port (flag --management-port):")
                    .endsWith("set http.management-port (--management-port or MCP_MANAGEMENT_PORT) to a free port");
        }
    }

    @Test
    void aPortInUseAfterAFailedStartCanBeTakenAgainSoNothingWasLeftOpen() throws IOException {
        int management;
        try (ServerSocket mcp = taken()) {
            management = freePort();
            run(http(mcp.getLocalPort(), management), Map.of());
        }
        try (ServerSocket again = new ServerSocket(management, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(management);
        }
    }

    @Test
    void aHostThatIsNoAddressOfThisMachineIsAConfigurationErrorNamingHttpHost() throws IOException {
        List<String> args = http(freePort(), freePort());
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
