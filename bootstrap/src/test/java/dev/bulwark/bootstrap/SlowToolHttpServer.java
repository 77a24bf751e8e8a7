package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.ConfigException;
import dev.bulwark.bootstrap.config.ConfigLoader;
import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.DataPack;
import dev.bulwark.tools.OpsPack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code bulwark-server.jar}, the same launcher and drain, with one extra tool that takes as
 * long as it is asked to: what the end-to-end drain test needs to have a call in flight when SIGTERM arrives.
 * Test code only; the end-to-end tests start it from the shaded jar plus the test classes.
 */
public final class SlowToolHttpServer {

    /** How long to take. */
    public record SlowInput(
            @ToolParam(description = "Milliseconds to take, at most 10000")
            int millis) {}

    /** What it says when done. */
    public record SlowOutput(String done) {}

    private SlowToolHttpServer() {}

    public static void main(String[] args) throws ConfigException {
        LoadedConfig loaded = new ConfigLoader().load(List.of(args), System.getenv());
        LogLevels.apply(loaded.config().core().logging());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Bulwark bulwark = Bulwark.builder(loaded.config().core())
                .meterRegistry(registry)
                .pack(new OpsPack())
                .pack(new DataPack())
                .tool(slowTool())
                .build();
        BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .settings(loaded.config().http())
                .auth(loaded.config().auth())
                .start();
        Logger log = LoggerFactory.getLogger(SlowToolHttpServer.class);
        TerminationSignal termination = TerminationSignal.install(HttpLauncher.shutdownPatience(loaded.config()), log);
        int status = HttpLauncher.serve(loaded, termination, bulwark, http, false, () -> {}, log);
        termination.stopped(status); // as BulwarkServer.main does: the shutdown hook ends the process at once
        System.exit(status);
    }

    static Tool<SlowInput, SlowOutput> slowTool() {
        return Tool.builder("slow", SlowInput.class, SlowOutput.class)
                .description("Takes as long as asked, then answers")
                .timeout(Duration.ofSeconds(30))
                .handler((input, context) -> {
                    Thread.sleep(Math.min(10_000, Math.max(0, input.millis())));
                    return ToolResult.of(new SlowOutput("slow done"), "slow done");
                })
                .build();
    }
}
