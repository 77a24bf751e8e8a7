package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.redis.EmbeddedRedis;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path the files of {@code docs/deploy} probe or scrape on the management port (Kubernetes probes and scrape
 * annotation, the Dockerfile's health check, Prometheus's metrics path, the Terraform module's probes and its metrics
 * sidecar) answers on the running server; and the alert rules and the Grafana dashboard (the Terraform module's alert
 * policies are made from those rules) query only metrics the server exports: the real
 * server, with Redis, after the traffic that makes every lazily created meter appear (a cache miss and hit, a failed
 * call, a rate-limited call), is scraped, and every metric name in those files must be among its series. A renamed
 * meter would otherwise leave an alert that never fires and a panel that stays empty. The fleet's rules and the
 * dashboard's fleet row are checked the same way against the server jar in monitor mode, watching that server.
 * (promtool checks the same
 * files' syntax and the rules' logic: {@code scripts/check-deploy.sh}.)
 */
class DeployMetricsIT {

    private static final Path DEPLOY = Path.of("..", "docs", "deploy");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Metric names as the files write them (not label names, which a matcher follows: {@code =}, {@code !=},
     * {@code =~}, {@code !~}; a comparison {@code ==} follows a metric); {@code up} is not one.
     */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:mcp|bulwark|jvm|process|system|hikaricp|jetty)_[a-z0-9_]+)\\b(?!\\s*(?:=(?!=)|!=|=~|!~))");

    @TempDir
    static Path workDir;

    private static EmbeddedRedis redis;
    private static HttpServerProcess server;
    private static HttpServerProcess monitor;
    private static Set<String> exported;
    /** The series the fleet monitor exports, once it has checked the server (probe call included). */
    private static Set<String> monitorExported;

    @BeforeAll
    static void startServerAndMakeTraffic() throws IOException {
        redis = EmbeddedRedis.start();
        server = HttpServerProcess.start(workDir, Map.of("REDIS_URL", redis.url()), "--rate-limit", "3");
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                        .endpoint("/mcp")
                        .jsonMapper(new JacksonMcpJsonMapper(JSON))
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        try {
            client.initialize();
            Map<String, Object> arguments = Map.of("data", Map.of("a", 1), "operation", "transform");
            client.callTool(
                    CallToolRequest.builder("process_data").arguments(arguments).build()); // cache miss
            client.callTool(
                    CallToolRequest.builder("process_data").arguments(arguments).build()); // cache hit
            client.callTool(
                    CallToolRequest.builder("process_data").arguments(Map.of()).build()); // invalid: error
            client.callTool(
                    CallToolRequest.builder("process_data").arguments(arguments).build()); // rate limited
        } finally {
            client.closeGracefully();
        }
        exported = seriesNames(server.get(server.operations("/metrics")).body());

        Path fleet = Files.writeString(
                workDir.resolve("fleet.yaml"),
                "monitor:\n  targets:\n    bulwark:\n" + "      url: " + server.mcp()
                        + "\n      probe-tool: health_check\n      timeout: 120s\n");
        monitor = HttpServerProcess.startMonitor(workDir, Map.of(), "--config", fleet.toString());
        // The first check records every fleet series, the response times only when it completes: its timeout is
        // generous, as a busy machine can take more than the default 10 s for a whole check of a fresh server.
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        monitorExported =
                seriesNames(monitor.get(monitor.operations("/metrics")).body());
        while (!monitorExported.contains("mcp_server_availability") && System.nanoTime() < deadline) {
            HttpServerProcess.sleep(200);
            monitorExported =
                    seriesNames(monitor.get(monitor.operations("/metrics")).body());
        }
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theTrafficMadeTheLazilyCreatedMetersAppear() {
        assertThat(exported)
                .contains(
                        "mcp_errors_total",
                        "mcp_rate_limited_total",
                        "mcp_cache_requests_total",
                        "bulwark_redis_commands_total",
                        "mcp_request_duration_seconds_bucket");
    }

    @Test
    void everyMetricTheAlertRulesQueryIsExported() throws IOException {
        Set<String> queried = metricsOfRules("prometheus/bulwark-alerts.yml");

        assertThat(queried).as("metrics queried by the alert rules").isNotEmpty();
        assertThat(exported).as("series the server exports").containsAll(queried);
    }

    @Test
    void everyMetricTheFleetAlertRulesQueryIsExportedByTheMonitor() throws IOException {
        Set<String> queried = metricsOfRules("prometheus/fleet-alerts.yml");

        assertThat(queried)
                .as("metrics queried by the fleet alert rules")
                .contains("mcp_server_availability", "mcp_health_checks_total");
        assertThat(monitorExported)
                .as("series the fleet monitor exports")
                .containsAll(queried)
                .contains("mcp_response_time_seconds_bucket");
    }

    private static Set<String> metricsOfRules(String file) throws IOException {
        Set<String> queried = new TreeSet<>();
        for (JsonNode group :
                new YAMLMapper().readTree(DEPLOY.resolve(file).toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                queried.addAll(metricsIn(rule.path("expr").asText()));
            }
        }
        return queried;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws IOException {
        JsonNode dashboard =
                JSON.readTree(DEPLOY.resolve("grafana/bulwark-dashboard.json").toFile());
        Set<String> queried =
                new TreeSet<>(metricsIn(dashboard.path("templating").toString()));
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queried.addAll(metricsIn(target.path("expr").asText()));
            }
        }

        Set<String> either = new TreeSet<>(exported);
        either.addAll(monitorExported);

        assertThat(queried).as("metrics queried by the dashboard").isNotEmpty();
        assertThat(either).as("series the server or the fleet monitor exports").containsAll(queried);
    }

    @Test
    void everyManagementPathTheFilesUseAnswers() throws IOException {
        Set<String> paths = new TreeSet<>();
        try (var parser = new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                .createParser(DEPLOY.resolve("kubernetes/bulwark.yaml").toFile())) {
            for (JsonNode document :
                    new YAMLMapper().readValues(parser, JsonNode.class).readAll()) {
                if (document == null
                        || !"Deployment".equals(document.path("kind").asText())) {
                    continue;
                }
                JsonNode template = document.path("spec").path("template");
                paths.add(template.path("metadata")
                        .path("annotations")
                        .path("prometheus.io/path")
                        .asText());
                JsonNode container = template.path("spec").path("containers").get(0);
                for (String probe : new String[] {"readinessProbe", "livenessProbe", "startupProbe"}) {
                    paths.add(container.path(probe).path("httpGet").path("path").asText());
                }
            }
        }
        for (JsonNode job : new YAMLMapper()
                .readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile())
                .path("scrape_configs")) {
            paths.add(job.path("metrics_path").asText("/metrics"));
        }
        paths.addAll(matches("GET (/[a-z]+) HTTP", Files.readString(DEPLOY.resolve("Dockerfile"))));
        paths.addAll(matches("\\bpath = \"(/[a-z]+)\"", Files.readString(DEPLOY.resolve("terraform/main.tf"))));
        paths.addAll(matches("\\bpath = \"(/[a-z]+)\"", Files.readString(DEPLOY.resolve("terraform/monitoring.tf"))));

        assertThat(paths)
                .as("paths the deployment files use")
                .contains("/health", "/ready", "/metrics")
                .doesNotContain("");
        for (String path : paths) {
            assertThat(server.get(server.operations(path)).statusCode())
                    .as("GET " + path + " on the management port")
                    .isEqualTo(200);
        }
    }

    private static Set<String> matches(String regex, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        assertThat(found).as(regex).isNotEmpty();
        return found;
    }

    private static Set<String> metricsIn(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The name of every series in a Prometheus text exposition ({@code name{labels} value} or {@code name value}). */
    private static Set<String> seriesNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
