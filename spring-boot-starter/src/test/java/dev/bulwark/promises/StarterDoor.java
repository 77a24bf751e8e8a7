package dev.bulwark.promises;

import ch.qos.logback.classic.Level;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.spring.BulwarkAutoConfiguration;
import dev.bulwark.spring.BulwarkHttpLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A Spring Boot application with the starter, serving the stage's tools as an application declares them (tool beans,
 * a bean with {@code @McpTool} methods, pack beans), its API keys and its meter registry as beans, Bulwark's Redis by
 * {@code bulwark.redis.url}, over Streamable HTTP on Bulwark's own port. Its logging is Spring Boot's default, set up
 * by the application's start (no logback-test.xml on the starter's test class path).
 */
final class StarterDoor implements Door {

    /** The property a misspelt key stands for: the API keys file, which authentication hangs on. */
    static final String MISSPELT = "bulwark.auth.api-keys-flie";

    private final HttpDoor.Dialect dialect;

    StarterDoor(HttpDoor.Dialect dialect) {
        this.dialect = dialect;
    }

    /** The application: nothing but the starter; its beans come from the stage. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(BulwarkAutoConfiguration.class)
    static class Application {}

    @Override
    public Opened open(Stage stage) {
        MeterRegistry registry = new SimpleMeterRegistry();
        ConfigurableApplicationContext context = start(stage, registry, List.of());
        int port = context.getBean(BulwarkHttpLifecycle.class).port();
        return new HttpClientSide(dialect, stage, port, new MeterCounters(registry), context::close);
    }

    /** A misspelt {@code bulwark.*} property; what the user is told is Spring Boot's start-up failure report. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) {
        return refusedStart(MISSPELT, () -> start(stage, new SimpleMeterRegistry(), List.of(MISSPELT + "=keys.json")));
    }

    /**
     * Starts an application that must not start because of {@code key}, and returns Spring Boot's one start-up
     * failure report.
     *
     * @throws AssertionError when it started, or reported other than once
     */
    static Refused refusedStart(String key, Supplier<ConfigurableApplicationContext> start) {
        try (LogCapture report = LogCapture.everythingAtTrace()) {
            try (ConfigurableApplicationContext started = start.get()) {
                throw new AssertionError("the application started with " + key + " set: " + started);
            } catch (RuntimeException refused) {
                List<String> reports = report.events().stream()
                        .filter(event -> event.logger().endsWith(".LoggingFailureAnalysisReporter"))
                        // the report; Spring Boot adds the exception at DEBUG, for whoever asks for it
                        .filter(event -> event.level().isGreaterOrEqual(Level.ERROR))
                        .map(LogCapture.Captured::text)
                        .toList();
                if (reports.size() != 1) {
                    throw new AssertionError(
                            "the failed start wrote " + reports.size() + " start-up failure reports", refused);
                }
                return new Refused(key, reports.get(0));
            }
        }
    }

    private ConfigurableApplicationContext start(Stage stage, MeterRegistry registry, List<String> extra) {
        List<String> properties = new ArrayList<>(List.of(
                "bulwark.http.port=0",
                "bulwark.http.management-port=0",
                "bulwark.redis.url=" + stage.redis().url(),
                "bulwark.http.mode=" + dialect.mode().name().toLowerCase(Locale.ROOT),
                "bulwark.http.max-connections-per-address=" + Budgets.CONNECTIONS_PER_ADDRESS,
                "bulwark.http.idle-timeout=" + Budgets.IDLE_TIMEOUT.toSeconds() + "s",
                "bulwark.tasks.max-active-per-caller=" + Stage.TASK_SLOTS,
                "bulwark.tasks.max-bytes-per-caller=" + Stage.TASK_BYTES,
                "spring.main.banner-mode=off"));
        properties.addAll(upstreams(stage));
        properties.addAll(extra);
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new))
                .initializers(context -> declare((GenericApplicationContext) context, stage, registry))
                .run();
    }

    /** The application's beans: the stage's tools, packs, skills and callers' keys, and the registry to count on. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void declare(GenericApplicationContext context, Stage stage, MeterRegistry registry) {
        context.registerBean("meterRegistry", MeterRegistry.class, () -> registry);
        context.registerBean("apiKeys", ApiKeys.class, () -> HttpDoor.apiKeys(stage));
        for (Tool<?, ?> tool : stage.declaredTools()) {
            context.registerBean(tool.name(), (Class) Tool.class, () -> tool);
        }
        context.registerBean("annotatedTools", Stage.AnnotatedFixture.class, stage::annotatedTools);
        context.registerBean("promiseExtension", dev.bulwark.core.Extension.class, stage::extension);
        context.registerBean("promiseViews", dev.bulwark.core.Extension.class, stage::views);
        context.registerBean("promisePreviews", dev.bulwark.core.Extension.class, stage::previews);
        context.registerBean("promiseLaters", dev.bulwark.core.Extension.class, stage::laters);
        context.registerBean("promiseSkills", ToolPack.class, stage::skillsPack);
        // the gateway's upstreams are the application's properties (upstreams(stage)), not a pack bean
        List<ToolPack> packs = stage.registeredServicePacks();
        for (int i = 0; i < packs.size(); i++) {
            ToolPack pack = packs.get(i);
            context.registerBean("servicePack" + i, ToolPack.class, () -> pack);
        }
    }

    /**
     * The gateway's upstreams as an application names them: {@code bulwark.upstreams.<name>.*}. The application starts
     * the stdio upstreams' children and stops them when it closes.
     */
    static List<String> upstreams(Stage stage) {
        List<String> properties = new ArrayList<>();
        stage.gateway()
                .configSection()
                .forEach((name, section) -> ((Map<?, ?>) section)
                        .forEach((field, value) -> properties.add("bulwark.upstreams." + name + "." + field + "="
                                + (value instanceof List<?> items
                                        ? String.join(
                                                ",",
                                                items.stream()
                                                        .map(String::valueOf)
                                                        .toList())
                                        : value))));
        return properties;
    }
}
