package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ConfigException;
import dev.bulwark.bootstrap.config.ConfigLoader;
import dev.bulwark.bootstrap.config.HelpText;
import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.logging.JulBridge;
import dev.bulwark.bootstrap.logging.LogFiles;
import dev.bulwark.bootstrap.wiring.AdapterConfigCheck;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.ManagementHttpServer;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.serve.BulwarkStdio;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The server's {@code main}: loads the configuration, wires the server and serves MCP until it is told to stop.
 */
public final class BulwarkServer {

    /** Exit code for an invalid configuration. */
    public static final int EXIT_CONFIG_ERROR = ConfigException.EXIT_CODE;
    /** Exit code when the server could not start for a reason none of the other codes names. */
    public static final int EXIT_START_FAILURE = 1;
    /** Exit code when a port the server listens on cannot be opened: another process has it, or it needs privileges. */
    public static final int EXIT_PORT_IN_USE = 3;
    /** Exit code when a dependency the start needs cannot be reached. */
    public static final int EXIT_DEPENDENCY_DOWN = 4;

    private BulwarkServer() {}

    /** How long SIGTERM waits for in-flight calls and the orderly shutdown before the process ends anyway. */
    static final Duration TERMINATION_GRACE = Duration.ofSeconds(45);

    /** Whether {@code main} has set up logging. */
    private static volatile boolean loggingReady;

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (ApiKeyCommands.isRequested(arguments)) {
            // A command, not a server: a signal ends it at once (130 or 143), as any command-line tool.
            System.exit(ApiKeyCommands.run(arguments, System.in, System.out, System.err));
        }
        // First of all: from here on SIGTERM is a requested stop, ending with status 0 however early it comes.
        TerminationSignal termination = TerminationSignal.install(TERMINATION_GRACE, BulwarkServer::shutdownLog);
        LoggerFactory.getILoggerFactory(); // then logging, before anything logs
        JulBridge.install(); // and JUL's records (the OpenTelemetry SDK's, the PostgreSQL driver's) into it
        loggingReady = true;
        int code = EXIT_START_FAILURE;
        try {
            code = run(arguments, System.getenv(), System.in, System.out, System.err, termination);
        } finally {
            termination.stopped(code);
        }
        if (code != 0) {
            LogLevels.stop(); // the log writers are asynchronous: write out the failure's log lines before exiting
        }
        System.exit(code);
    }

    /**
     * The termination hook's logger: none while {@code main} is still setting up logging (the hook would set it up at
     * the same time, and SLF4J then replays early lines with a warning on stderr); start-up logs the stop then.
     */
    private static Logger shutdownLog() {
        return loggingReady ? LoggerFactory.getLogger(BulwarkServer.class) : NOPLogger.NOP_LOGGER;
    }

    /**
     * Runs the launcher reading {@code --hash-api-key}'s key from {@code in}, with no termination signal installed;
     * returns the exit code.
     */
    static int run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        TerminationSignal never = new TerminationSignal(
                TERMINATION_GRACE, () -> {}, code -> {}, () -> LoggerFactory.getLogger(BulwarkServer.class));
        return run(args, env, in, out, err, never);
    }

    /**
     * Runs the launcher until it stops; returns the exit code. The caller reports the code to {@code termination}
     * ({@link TerminationSignal#stopped(int)}). When the signal came while the configuration was being read, the
     * server stops before wiring or serving anything, with status 0 (an invalid configuration still exits 2).
     */
    static int run(
            List<String> args,
            Map<String, String> env,
            InputStream in,
            PrintStream out,
            PrintStream err,
            TerminationSignal termination) {
        if (ApiKeyCommands.isRequested(args)) {
            return ApiKeyCommands.run(args, in, out, err);
        }
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader()
                    .withValueChecks(BulwarkServer::valueProblems)
                    .load(args, env);
        } catch (ConfigException e) {
            return refuse(e.errors(), err);
        }
        if (loaded.helpRequested()) {
            out.print(HelpText.render());
            out.flush();
            return 0;
        }
        if (loaded.versionRequested()) {
            out.println("bulwark-server " + loaded.config().core().server().version());
            out.flush();
            return 0;
        }
        // The log files first, so they hold every line of the start-up; one that cannot be written is a configuration
        // error, reported with every adapter problem at once, before anything is wired.
        List<ConfigError> logFileProblems = LogFiles.open(loaded.config().logFiles());
        if (!logFileProblems.isEmpty()) {
            List<ConfigError> problems = new ArrayList<>(logFileProblems);
            problems.addAll(AdapterConfigCheck.problems(loaded.config()));
            problems.addAll(AdapterConfigCheck.openApiProblems(loaded.config()));
            return refuse(problems.stream().map(loaded::locate).toList(), err);
        }
        LogLevels.apply(loaded.config().core().logging());
        Logger log = LoggerFactory.getLogger(BulwarkServer.class);
        loaded.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        boolean http = loaded.config().transport().http();
        if (http || loaded.workerRequested()) {
            termination.patience(HttpLauncher.shutdownPatience(loaded.config()));
        }
        if (termination.isRequested()) {
            log.info("Termination signal during start-up: stopped before serving");
            return 0;
        }
        // The OpenAPI documents are checked here only when the start stops anyway; a server that is built reads each
        // document once, as it builds its pack, and reports its problems then.
        List<ConfigError> adapterProblems = new ArrayList<>(AdapterConfigCheck.problems(loaded.config()));
        if (!adapterProblems.isEmpty()) {
            adapterProblems.addAll(AdapterConfigCheck.openApiProblems(loaded.config()));
            return refuse(adapterProblems.stream().map(loaded::locate).toList(), err);
        }
        if (loaded.workerRequested()) {
            Optional<String> refusal = WorkerLauncher.refusal(loaded);
            if (refusal.isPresent()) {
                err.println(refusal.get());
                err.flush();
                return EXIT_CONFIG_ERROR;
            }
        }
        try {
            if (loaded.workerRequested()) {
                return WorkerLauncher.run(loaded, termination, log);
            }
            if (loaded.config().monitor().enabled()) {
                return MonitorLauncher.run(loaded, termination, log);
            }
            return http ? HttpLauncher.serve(loaded, termination, log) : serveStdio(loaded, termination, log, in, out);
        } catch (StartupConfigException e) {
            return refuse(e.errors().stream().map(loaded::locate).toList(), err);
        } catch (RuntimeException e) {
            StartFailure failure = StartFailure.of(e, loaded);
            err.println(failure.line()); // first: the log's writer is asynchronous, and its lines hold the details
            err.flush();
            log.atError()
                    .setCause(e)
                    .addKeyValue("exit_code", failure.exitCode())
                    .log("Bulwark server failed to start: " + failure.line().substring("bulwark-server: ".length()));
            return failure.exitCode();
        }
    }

    /** The problems of the values only the log files and the adapters can judge. */
    private static List<ConfigError> valueProblems(ServerConfig config) {
        List<ConfigError> problems = new ArrayList<>(LogFiles.problems(config.logFiles()));
        problems.addAll(AdapterConfigCheck.problems(config));
        problems.addAll(AdapterConfigCheck.openApiProblems(config));
        return problems;
    }

    /** Reports configuration problems on {@code err}; returns {@link #EXIT_CONFIG_ERROR}. */
    private static int refuse(List<ConfigError> problems, PrintStream err) {
        err.println("bulwark-server: invalid configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):");
        problems.forEach(problem -> err.println("  - " + problem));
        err.println("Run with --help to see every option.");
        return EXIT_CONFIG_ERROR;
    }

    /**
     * Serves over stdio, on {@code in} and {@code out}, until end of input, or until the termination signal ends the
     * session's input (calls in flight still complete and are answered); then shuts down in order. From wiring to
     * the end, {@code System.out} writes to stderr, as in {@link BulwarkStdio#serve}: a stray print (ours, a
     * library's) cannot corrupt the protocol stream.
     */
    private static int serveStdio(
            LoadedConfig loaded, TerminationSignal termination, Logger log, InputStream in, PrintStream out) {
        PrintStream systemOut = System.out;
        System.setOut(System.err);
        try {
            return serveStdioSession(loaded, termination, log, in, out);
        } finally {
            System.setOut(systemOut);
        }
    }

    private static int serveStdioSession(
            LoadedConfig loaded, TerminationSignal termination, Logger log, InputStream in, PrintStream out) {
        ServerComponent component = DaggerServerComponent.factory().create(loaded.config());
        Bulwark bulwark = component.bulwark();
        Optional<ManagementHttpServer> management;
        try {
            management = StdioManagement.start(loaded, bulwark, component.prometheusRegistry());
        } catch (RuntimeException e) {
            try {
                closeStdioServer(bulwark, component);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        BulwarkStdio stdio = BulwarkStdio.start(bulwark, in, out);
        termination.whenRequested(stdio::stop);
        if (HttpTraining.requested()) {
            HttpTraining.run(loaded.config(), bulwark, log);
        }

        LoggingEventBuilder started = log.atInfo().addKeyValue("transport", "stdio");
        if (management.isPresent()) {
            started = started.addKeyValue("management_port", management.get().port());
        }
        started.addKeyValue("server", loaded.config().core().server().name())
                .addKeyValue("version", loaded.config().core().server().version())
                .addKeyValue("environment", loaded.config().core().server().environment())
                .addKeyValue("tools", bulwark.tools().size())
                .addKeyValue("tracing", component.tracing().enabled() ? "otlp" : "off")
                .addKeyValue("config", loaded.describe())
                .log("Bulwark server serving MCP over stdio");

        stdio.awaitClientClose();
        log.info("The stdio session has ended: shutting down");
        management.ifPresent(ManagementHttpServer::startDraining);
        bulwark.health().startDraining();
        try {
            stdio.close();
        } catch (RuntimeException e) {
            log.warn("Error while closing the MCP server", e);
        } finally {
            try {
                management.ifPresent(ManagementHttpServer::close);
            } finally {
                closeStdioServer(bulwark, component);
            }
        }
        log.info("Bulwark server stopped");
        return 0;
    }

    private static void closeStdioServer(Bulwark bulwark, ServerComponent component) {
        try {
            bulwark.close();
        } finally {
            component.outboundServices().close();
            component.upstreams().close();
            component.redisConnection().ifPresent(RedisConnection::close);
            component.database().close();
            component.tracing().close();
        }
    }
}
