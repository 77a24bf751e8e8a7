package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.McpHttpServer;
import dev.bulwark.monitor.MonitorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The server settings the files of {@code docs/deploy} pass (the Dockerfile's command, the compose service's
 * environment and command, the Kubernetes container's args and env, the Terraform module's args and env) are ones the
 * server accepts: each set loads without a configuration error, every environment variable they set is one of the
 * server's settings (an unknown one would only be warned about and ignored), and every port they name is the port
 * the server listens on with those settings. So a renamed flag, variable or default port cannot leave a deployment
 * file that no longer starts or probes the wrong port. Values the files take from secrets are given stand-ins of the
 * right form. And each platform's grace after SIGTERM is longer than the server's drain delay, drain grace and close
 * grace together, as each file sets them, so the platform never kills a server that is still stopping in order: the server
 * ends itself first, with its log lines written out. Every file gives the server a request-state key, so the
 * instances of a fleet (and a restarted one) continue each other's multi round-trip requests; {@code
 * scripts/check-deploy.sh} checks that each takes it from a secret. ({@code DeployMetricsIT} checks the paths and
 * metrics against the running server.)
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "docs", "deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Stand-ins for values that come from secrets in the files. */
    private static final Map<String, String> SECRETS = Map.of(
            "REDIS_URL", "rediss://app:secret@redis.example.com:6380/0",
            "DATABASE_URL", "postgres://bulwark_app:secret@postgres.example.com:5432/app?sslmode=require",
            "JWT_SECRET", "a-test-secret-of-at-least-32-bytes-for-hs256",
            "DATABASE_SQL_READER_PASSWORD", "a-reader-password",
            "DATABASE_SQL_WRITER_PASSWORD", "a-writer-password",
            "MCP_REQUEST_STATE_KEY", "a-request-state-key-of-at-least-32-bytes");
    /** Stand-ins for the values the Terraform module computes. */
    private static final Map<String, String> TERRAFORM_VALUES = Map.of(
            "MCP_ALLOWED_HOSTS", "bulwark-123456789.europe-west1.run.app",
            "MCP_TRUSTED_PROXIES", "169.254.0.0/16",
            "MCP_JWT_ISSUER", "https://issuer.example.com",
            "MCP_RESOURCE_URL", "https://bulwark-123456789.europe-west1.run.app/mcp");

    private static final Path TERRAFORM = DEPLOY.resolve("terraform");
    /** Cloud Run's documented time from SIGTERM to SIGKILL, which a service cannot change. */
    private static final Duration CLOUD_RUN_KILL_AFTER = Duration.ofSeconds(10);
    /** An environment variable the Terraform module sets: an upper-case key of an HCL map, and its expression. */
    private static final Pattern TERRAFORM_ENV =
            Pattern.compile("(?m)(?:^\\s+|\\{\\s*)([A-Z][A-Z0-9_]*)\\s*=\\s*([^,}\\n]*)");
    /** A value compose takes from the environment or {@code .env}: {@code ${NAME}}, {@code ${NAME:?message}}. */
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?:[:?-][^}]*)?}");

    @Test
    void theDockerfileCommandStartsAnHttpServerOnAllInterfaces() throws IOException {
        List<String> command = dockerfileList("CMD");
        List<String> entrypoint = dockerfileList("ENTRYPOINT");

        ServerConfig config = load(command, Map.of("MCP_API_KEYS_FILE", "/run/secrets/api-keys"))
                .config();

        assertThat(entrypoint).endsWith("-jar", "/opt/bulwark/bulwark-server.jar");
        // the AOT cache the image's training run writes, and the JVM's messages kept off stdout
        assertThat(entrypoint)
                .contains("-XX:AOTCache=/opt/bulwark/bulwark-server.aot", "-Xlog:disable", "-Xlog:all=warning:stderr");
        // trained over stdio and, since the image serves HTTP, over HTTP too (HttpTraining)
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile")))
                .contains(
                        "-XX:AOTCacheOutput=/opt/bulwark/bulwark-server.aot",
                        "-Dbulwark.cds.train-http=true",
                        "-Dbulwark.cds.training=true");
        assertThat(config.transport().http()).isTrue();
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theComposeServiceSettingsLoad() throws IOException {
        Map<String, String> env = composeEnv();

        ServerConfig config =
                load(strings(composeService().path("command")), env).config();

        assertThat(env).containsKeys("REDIS_URL", "DATABASE_URL", "MCP_API_KEYS_FILE", "MCP_REQUEST_STATE_KEY");
        assertThat(config.redis().url()).isPresent();
        assertThat(config.database().url()).isPresent();
        assertThat(config.database().sqlLogins())
                .as("the SQL tools log in as their own roles")
                .isPresent();
        assertThat(config.auth().hasCredentials()).isTrue();
        assertThat(config.core().requestState().key()).as("request-state.key").isPresent();
    }

    @Test
    void theKubernetesContainerSettingsLoad() throws IOException {
        JsonNode container = null;
        try (var parser = new YAMLFactory()
                .createParser(DEPLOY.resolve("kubernetes/bulwark.yaml").toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if ("Deployment".equals(document.path("kind").asText())) {
                    container = document.path("spec")
                            .path("template")
                            .path("spec")
                            .path("containers")
                            .get(0);
                }
            }
        }
        assertThat(container).as("the Deployment's container").isNotNull();
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            env.put(name, variable.has("value") ? variable.path("value").asText() : SECRETS.get(name));
        }

        ServerConfig config = load(strings(container.path("args")), env).config();

        assertThat(env).doesNotContainValue(null);
        assertThat(config.http().mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(config.auth().trustedProxies()).isNotEmpty();
        assertThat(config.auth().hasCredentials()).isTrue();
        assertThat(config.database().sqlLogins())
                .as("the SQL tools log in as their own roles")
                .isPresent();
        assertThat(config.core().requestState().key()).as("request-state.key").isPresent();
    }

    @Test
    void theTerraformServiceSettingsLoad() throws IOException {
        Map<String, String> env = terraformEnv();

        ServerConfig config = load(terraformArgs(), env).config();

        assertThat(env)
                .containsKeys(
                        "MCP_API_KEYS_FILE",
                        "JWT_SECRET",
                        "REDIS_URL",
                        "DATABASE_URL",
                        "DATABASE_SQL_READER_PASSWORD",
                        "DATABASE_SQL_WRITER_PASSWORD",
                        "MCP_REQUEST_STATE_KEY");
        assertThat(config.core().requestState().key()).as("request-state.key").isPresent();
        assertThat(config.database().sqlLogins())
                .as("the SQL tools log in as their own roles")
                .isPresent();
        assertThat(config.http().mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.auth().hasCredentials()).isTrue();
        assertThat(config.auth().trustedProxies()).isNotEmpty();
        // The API keys file is where the module mounts its secret.
        String main = Files.readString(TERRAFORM.resolve("main.tf"));
        Path keysFile = Path.of(env.get("MCP_API_KEYS_FILE"));
        assertThat(main)
                .contains("mount_path = \"" + keysFile.getParent() + "\"")
                .contains("path    = \"" + keysFile.getFileName() + "\"");
        assertThat(main).contains("${local.url}" + McpHttpServer.MCP_PATH);
    }

    @Test
    void theKubernetesGraceCoversAnyPreStopSleepTheDrainDelayTheDrainGraceAndTheServersCloseAllowance()
            throws IOException {
        ServerConfig config = load(strings(kubernetesContainer().path("args")), withSecrets(kubernetesEnv()))
                .config();
        JsonNode pod =
                kubernetesDocument("Deployment").path("spec").path("template").path("spec");
        Duration grace =
                Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong());
        Duration preStop = preStopSleepOf(kubernetesContainer()
                .path("lifecycle")
                .path("preStop")
                .path("exec")
                .path("command"));

        // The grace counts from the start of any preStop hook; SIGTERM comes after it. More than the sum: the
        // kubelet's kill must not race the server's own halt at the end of its close allowance.
        assertThat(grace)
                .as(
                        "terminationGracePeriodSeconds, against preStop %s + drain delay %s + drain grace %s + close"
                                + " grace %s",
                        preStop,
                        config.http().drainDelay(),
                        config.http().drainGrace(),
                        config.http().closeGrace())
                .isGreaterThan(preStop.plus(stopTime(config)));
    }

    @Test
    void theOperationsGuidesKubernetesExampleCoversTheDefaultDrainDelayDrainGraceAndClosing() throws IOException {
        String guide = Files.readString(DEPLOY.resolve("../operations.md"));
        Matcher grace =
                Pattern.compile("(?m)^terminationGracePeriodSeconds: (\\d+)$").matcher(guide);
        Matcher preStop =
                Pattern.compile("preStop: \\{ exec: \\{ command: (\\[[^]]*]) }").matcher(guide);
        assertThat(grace.find())
                .as("the example's terminationGracePeriodSeconds")
                .isTrue();
        Duration sleep = preStop.find() ? preStopSleepOf(JSON.readTree(preStop.group(1))) : Duration.ZERO;

        assertThat(Duration.ofSeconds(Long.parseLong(grace.group(1))))
                .isGreaterThan(sleep.plus(stopTime(ServerConfig.defaults())));
    }

    @Test
    void theComposeStopGraceCoversTheDrainGraceAndTheServersCloseAllowance() throws IOException {
        ServerConfig config =
                load(strings(composeService().path("command")), composeEnv()).config();
        Duration grace = ConfigType.DURATION.parse(
                composeService().path("stop_grace_period").asText());

        assertThat(grace)
                .as(
                        "stop_grace_period, against drain delay %s + drain grace %s + close grace %s",
                        config.http().drainDelay(),
                        config.http().drainGrace(),
                        config.http().closeGrace())
                .isGreaterThan(stopTime(config));
    }

    @Test
    void onCloudRunTheServerEndsItsOwnStopBeforeTheFixedKillAndTheModuleSaysHow() throws IOException {
        ServerConfig config = load(terraformArgs(), terraformEnv()).config();
        Duration drain = config.http().drainGrace();
        Duration close = config.http().closeGrace();

        // Cloud Run kills an instance 10 s after SIGTERM and the limit cannot be raised: the server halts itself
        // before that, its log lines written out, and keeps most of the time for closing.
        assertThat(stopTime(config))
                .as(
                        "drain delay %s + drain grace %s + close grace %s, against Cloud Run's limit",
                        config.http().drainDelay(), drain, close)
                .isLessThan(CLOUD_RUN_KILL_AFTER);
        assertThat(close)
                .as("the close grace, against the 5 s the last spans may take")
                .isGreaterThan(Duration.ofSeconds(5));
        assertThat(Files.readString(TERRAFORM.resolve("main.tf")))
                .contains(drain.toSeconds() + " s for the calls in" + " flight and " + close.toSeconds()
                        + " s for closing");
        assertThat(Files.readString(TERRAFORM.resolve("README.md")).replaceAll("\\s+", " "))
                .contains("`MCP_DRAIN_GRACE` is " + drain.toSeconds() + " s")
                .contains("`MCP_CLOSE_GRACE` is " + close.toSeconds() + " s")
                .contains("at " + stopTime(config).toSeconds() + " s");
    }

    /**
     * How long the server's stop may take at most with {@code config}: the drain delay, the drain grace and the close
     * grace.
     */
    private static Duration stopTime(ServerConfig config) {
        return config.http()
                .drainDelay()
                .plus(config.http().drainGrace())
                .plus(config.http().closeGrace());
    }

    @Test
    void everyEnvironmentVariableTheFilesSetIsASetting() throws IOException {
        Set<String> settings = ConfigKeys.all().stream().map(ConfigKey::envVar).collect(Collectors.toSet());
        for (LauncherOption option : LauncherOption.values()) {
            option.envVar().ifPresent(settings::add);
        }
        Map<String, Set<String>> used = new TreeMap<>();
        used.put("kubernetes/bulwark.yaml", new TreeSet<>(kubernetesEnv().keySet()));
        used.put("compose/compose.yaml", new TreeSet<>(composeEnv().keySet()));
        used.put("terraform/main.tf", new TreeSet<>(terraformEnv().keySet()));
        Set<String> dockerfileEnv = new TreeSet<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
            if (line.startsWith("ENV ")) {
                dockerfileEnv.add(line.substring(4).split("[= ]", 2)[0]);
            }
        }
        used.put("Dockerfile", dockerfileEnv);

        // each file that sets the server's environment must yield variables, or a broken reader would check nothing
        // (the Dockerfile sets none: the image takes them from where it runs)
        used.forEach((file, names) -> {
            if (!file.equals("Dockerfile")) {
                assertThat(names).as("variables found in " + file).isNotEmpty();
            }
        });
        used.forEach((file, names) -> assertThat(settings)
                .as("settings, against the variables of " + file)
                .containsAll(names));
    }

    @Test
    void everyPortTheFilesNameIsTheServers() throws IOException {
        // Kubernetes: the container's named ports, the scrape annotation, the Service and the NetworkPolicy.
        ServerConfig kubernetes = load(strings(kubernetesContainer().path("args")), withSecrets(kubernetesEnv()))
                .config();
        Map<String, Integer> containerPorts = new TreeMap<>();
        kubernetesContainer()
                .path("ports")
                .forEach(port -> containerPorts.put(
                        port.path("name").asText(), port.path("containerPort").asInt()));
        assertThat(containerPorts)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "mcp",
                        kubernetes.http().port(),
                        "management",
                        kubernetes.http().managementPort()));
        JsonNode deployment = kubernetesDocument("Deployment");
        assertThat(deployment
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("annotations")
                        .path("prometheus.io/port")
                        .asText())
                .isEqualTo(String.valueOf(kubernetes.http().managementPort()));
        assertThat(kubernetesDocument("Service")
                        .path("spec")
                        .path("ports")
                        .get(0)
                        .path("targetPort")
                        .asText())
                .isEqualTo("mcp");
        List<Integer> policyPorts = new ArrayList<>();
        kubernetesDocument("NetworkPolicy")
                .path("spec")
                .path("ingress")
                .forEach(rule -> rule.path("ports")
                        .forEach(port -> policyPorts.add(port.path("port").asInt())));
        assertThat(policyPorts)
                .containsExactlyInAnyOrder(
                        kubernetes.http().port(), kubernetes.http().managementPort());

        // Compose: the published MCP port, the exposed management port, Prometheus's target.
        JsonNode service = composeService();
        ServerConfig compose =
                load(strings(service.path("command")), composeEnv()).config();
        assertThat(service.path("ports").get(0).asText())
                .endsWith(":" + compose.http().port());
        assertThat(service.path("expose").get(0).asText())
                .isEqualTo(String.valueOf(compose.http().managementPort()));
        assertThat(Files.readString(DEPLOY.resolve("prometheus/prometheus.yml")))
                .contains("bulwark:" + compose.http().managementPort());

        // The Dockerfile: EXPOSE and the health check.
        ServerConfig image = load(dockerfileList("CMD"), Map.of("MCP_API_KEYS_FILE", "/keys.json"))
                .config();
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("EXPOSE " + image.http().port() + " " + image.http().managementPort())
                .contains("/dev/tcp/127.0.0.1/${HEALTH_PORT:-" + image.http().managementPort() + "}");

        // Terraform: the container port and the probes' port.
        ServerConfig terraform = load(terraformArgs(), terraformEnv()).config();
        String main = Files.readString(TERRAFORM.resolve("main.tf"));
        assertThat(main)
                .containsPattern("mcp_port\\s+= " + terraform.http().port() + "\\n")
                .containsPattern("management_port = " + terraform.http().managementPort() + "\\n")
                .contains("container_port = local.mcp_port");
        assertThat(main.split("port = local.management_port", -1))
                .as("probes on the management port")
                .hasSize(3);
    }

    @Test
    void theComposeStackPublishesNoPortTheServerOrTheFleetMonitorTakesByDefault() throws IOException {
        ServerConfig defaults = ServerConfig.defaults();
        Set<Integer> taken = Set.of(defaults.http().managementPort(), MonitorSettings.DEFAULT_PORT);
        Map<String, Integer> published = new TreeMap<>();
        YAML.readTree(DEPLOY.resolve("compose/compose.yaml").toFile())
                .path("services")
                .fields()
                .forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
                    // "[address:]host port:container port"
                    String[] parts = port.asText().split(":");
                    published.put(service.getKey() + " " + port.asText(), Integer.parseInt(parts[parts.length - 2]));
                }));

        // A server or a fleet monitor on the same machine keeps its default ports; the MCP port is the server's own.
        assertThat(published)
                .as("the compose stack's published ports")
                .isNotEmpty()
                .allSatisfy((service, port) -> assertThat(taken).as(service).doesNotContain(port));
    }

    @Test
    void theTerraformAlertsAreThePrometheusRules() throws IOException {
        // DeployMetricsIT checks the rules' metrics against the server; the module adds none of its own.
        String monitoring = Files.readString(TERRAFORM.resolve("monitoring.tf"));

        assertThat(monitoring)
                .contains("/../prometheus/bulwark-alerts.yml")
                .doesNotContainPattern("\\b(mcp|bulwark|jvm|process|hikaricp|jetty)_[a-z0-9_]+_(total|seconds|state)");
    }

    /** How long a {@code ["sleep", "<seconds>"]} command sleeps; zero for none. */
    private static Duration preStopSleepOf(JsonNode command) {
        if (command.isMissingNode()) {
            return Duration.ZERO;
        }
        assertThat(strings(command)).as("a preStop sleep").hasSize(2).first().isEqualTo("sleep");
        return Duration.ofSeconds(Long.parseLong(command.get(1).asText()));
    }

    private static JsonNode kubernetesContainer() throws IOException {
        return kubernetesDocument("Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static JsonNode kubernetesDocument(String kind) throws IOException {
        try (var parser = new YAMLFactory()
                .createParser(DEPLOY.resolve("kubernetes/bulwark.yaml").toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document != null && kind.equals(document.path("kind").asText())) {
                    return document;
                }
            }
        }
        throw new AssertionError("kubernetes/bulwark.yaml has no " + kind);
    }

    /** The Kubernetes container's environment; values from secrets are null. */
    private static Map<String, String> kubernetesEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : kubernetesContainer().path("env")) {
            env.put(
                    variable.path("name").asText(),
                    variable.has("value") ? variable.path("value").asText() : null);
        }
        return env;
    }

    private static Map<String, String> withSecrets(Map<String, String> env) {
        Map<String, String> filled = new LinkedHashMap<>(env);
        filled.replaceAll((name, value) -> value != null ? value : SECRETS.get(name));
        return filled;
    }

    private static JsonNode composeService() throws IOException {
        return YAML.readTree(DEPLOY.resolve("compose/compose.yaml").toFile())
                .path("services")
                .path("bulwark");
    }

    /** The compose service's environment; a value compose takes from {@code .env} is a secret's stand-in. */
    private static Map<String, String> composeEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        composeService().path("environment").fields().forEachRemaining(entry -> {
            Matcher variable = COMPOSE_VARIABLE.matcher(entry.getValue().asText());
            env.put(
                    entry.getKey(),
                    variable.matches()
                            ? SECRETS.get(variable.group(1))
                            : entry.getValue().asText());
        });
        assertThat(env).as("the compose service's environment").doesNotContainValue(null);
        return env;
    }

    /** The container args of the Terraform module's Cloud Run service. */
    private static List<String> terraformArgs() throws IOException {
        Matcher args = Pattern.compile("(?m)^\\s+args\\s+=\\s+(\\[.*])$")
                .matcher(Files.readString(TERRAFORM.resolve("main.tf")));
        assertThat(args.find()).as("args in terraform/main.tf").isTrue();
        return strings(JSON.readTree(args.group(1)));
    }

    /**
     * Every environment variable the Terraform module can set (all of them: as if every optional secret were
     * given), with its literal value, a stand-in for a computed one, or a secret's stand-in.
     */
    private static Map<String, String> terraformEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher variable = TERRAFORM_ENV.matcher(Files.readString(TERRAFORM.resolve("main.tf")));
        while (variable.find()) {
            String name = variable.group(1);
            String expression = variable.group(2).strip();
            Optional<String> literal = expression.matches("\"[^\"$]*\"")
                    ? Optional.of(expression.substring(1, expression.length() - 1))
                    : Optional.empty();
            String value = literal.orElseGet(() -> TERRAFORM_VALUES.getOrDefault(name, SECRETS.get(name)));
            assertThat(value).as("a value for " + name + " = " + expression).isNotNull();
            env.put(name, value);
        }
        assertThat(env).as("environment variables in terraform/main.tf").isNotEmpty();
        return env;
    }

    /** The exec-form (JSON array) value of a Dockerfile instruction, continuation lines joined. */
    private static List<String> dockerfileList(String instruction) throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile")).replace("\\\n", " ");
        for (String line : dockerfile.lines().toList()) {
            if (line.startsWith(instruction + " ")) {
                return strings(JSON.readTree(line.substring(instruction.length() + 1)));
            }
        }
        throw new AssertionError("the Dockerfile has no " + instruction);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
