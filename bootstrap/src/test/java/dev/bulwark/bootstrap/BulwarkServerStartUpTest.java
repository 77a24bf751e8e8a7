package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The launcher's start-up as {@code main} runs it, with the termination signal main installs first. */
class BulwarkServerStartUpTest {

    /** Refused only when the server is wired, after the configuration is read: shows whether wiring ran. */
    private static final Map<String, String> UNWIRABLE = Map.of("DATABASE_URL", "mysql://db.invalid/app");

    private final CompletableFuture<Integer> haltedWith = new CompletableFuture<>();
    private final TerminationSignal signal = new TerminationSignal(
            Duration.ofSeconds(10),
            () -> {},
            haltedWith::complete,
            LoggerFactory.getLogger(BulwarkServerStartUpTest.class));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env) {
        return BulwarkServer.run(
                List.of(),
                env,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                signal);
    }

    private void signalArrives() throws InterruptedException {
        CompletableFuture.runAsync(signal::onShutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!signal.isRequested() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(signal.isRequested()).isTrue();
    }

    @Test
    void withoutTheSignalTheUnwirableConfigurationFailsAtWiringWithStatusTwo() {
        assertThat(run(UNWIRABLE)).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("database.url");
    }

    @Test
    void aSecretGivenAsAFlagIsWarnedAboutAtStartNamingItsVariableAndNeverItsValue() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        Logger launcher = context.getLogger(BulwarkServer.class);
        launcher.addAppender(seen);
        try {
            // refused when the adapters' values are checked, after the start-up warnings are logged
            BulwarkServer.run(
                    List.of("--database-url", "mysql://app:s3cr3t-pass@db.invalid/app"),
                    Map.of(),
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    signal);
        } finally {
            launcher.detachAppender(seen);
        }

        assertThat(seen.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("database.url", "--database-url", "DATABASE_URL", "ps")
                .doesNotContain("s3cr3t")
                .doesNotContain("db.invalid");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    }

    @Test
    void anErrorFoundAtWiringNamesWhereTheValueCameFromAndPointsToHelp() {
        run(UNWIRABLE);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("  - database.url (environment variable DATABASE_URL): ")
                .contains("Run with --help to see every option.")
                .doesNotContain("db.invalid");
    }

    @Test
    void aServiceProblemIsReportedWithTheOtherConfigurationErrorsWithStatusTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("bulwark.yaml"),
                "services:\n  orders:\n    base-url: https://u:pa55@orders.internal/\n    timeout: soon\n");

        int status = BulwarkServer.run(
                List.of("--config", file.toString(), "--cache-ttl", "never"),
                Map.of(),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                signal);

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid configuration (3 problems):")
                .contains("  - services.orders.timeout (file " + file + ", line 4, column 14): 'soon' is not a")
                .contains(
                        "  - services.orders.base-url (file " + file + ", line 3, column 15): must not hold user info")
                .contains("  - cache.ttl (flag --cache-ttl): ")
                .doesNotContain("pa55");
    }

    @Test
    void anAdapterProblemIsReportedInTheSamePassAsAMalformedValue() {
        int status = run(Map.of("DATABASE_URL", "mysql://db.invalid/app", "CACHE_TTL", "soon"));

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid configuration (2 problems):")
                .contains("  - cache.ttl (environment variable CACHE_TTL): 'soon' is not a duration")
                .contains("  - database.url (environment variable DATABASE_URL): ")
                .doesNotContain("db.invalid");
    }

    @Test
    void aLogFileThatCannotBeWrittenIsReportedInTheSamePassAsAMalformedValue(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");
        int status =
                run(Map.of("MCP_LOG_FILE", notADirectory.resolve("server.log").toString(), "CACHE_TTL", "soon"));

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid configuration (2 problems):")
                .contains("  - cache.ttl (environment variable CACHE_TTL): ")
                .contains("  - log.file (environment variable MCP_LOG_FILE): its directory");
    }

    @Test
    void everyAdapterProblemIsReportedAtOnceWithItsSourceBeforeAnythingIsWired() {
        int status = run(
                Map.of("MCP_HTTP", "true", "DATABASE_URL", "mysql://db.invalid/app", "MCP_ALLOWED_ORIGINS", "ftp://x"));

        assertThat(status).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid configuration (2 problems):")
                .contains("  - database.url (environment variable DATABASE_URL): ")
                .contains("  - http.allowed-origins (environment variable MCP_ALLOWED_ORIGINS): ");
    }

    @Test
    void aSignalThatCameWhileTheConfigurationWasReadStopsStartUpBeforeWiringWithStatusZero() throws Exception {
        signalArrives();

        int status = run(UNWIRABLE);

        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theHookEndsTheProcessWithTheStatusOfAStartUpStoppedBySignal() throws Exception {
        signalArrives();

        signal.stopped(run(UNWIRABLE));

        assertThat(haltedWith.get(30, TimeUnit.SECONDS)).isZero();
    }
}
