package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.http.HttpMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server settings the files of {@code docs/deploy} pass (the Dockerfile's command, the compose service's
 * environment and command, the Kubernetes container's args and env) are ones the server accepts: each set loads
 * without a configuration error, so a renamed flag or variable cannot leave a deployment file that no longer starts.
 * Values the files take from secrets are given stand-ins of the right form.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "docs", "deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Stand-ins for values that come from secrets in the files. */
    private static final Map<String, String> SECRETS = Map.of(
            "REDIS_URL", "rediss://app:secret@redis.example.com:6380/0",
            "DATABASE_URL", "postgres://bulwark_app:secret@postgres.example.com:5432/app?sslmode=require");

    @Test
    void theDockerfileCommandStartsAnHttpServerOnAllInterfaces() throws IOException {
        List<String> command = dockerfileList("CMD");
        List<String> entrypoint = dockerfileList("ENTRYPOINT");

        ServerConfig config = load(command, Map.of("MCP_API_KEYS_FILE", "/run/secrets/api-keys")).config();

        assertThat(entrypoint).endsWith("-jar", "/opt/bulwark/bulwark-server.jar");
        assertThat(config.transport().http()).isTrue();
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theComposeServiceSettingsLoad() throws IOException {
        JsonNode service = YAML.readTree(DEPLOY.resolve("compose/compose.yaml").toFile()).path("services")
                .path("bulwark");
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(entry -> env.put(entry.getKey(),
                entry.getValue().asText()));

        ServerConfig config = load(strings(service.path("command")), env).config();

        assertThat(env).containsKeys("REDIS_URL", "DATABASE_URL", "MCP_API_KEYS_FILE");
        assertThat(config.redis().url()).isPresent();
        assertThat(config.database().url()).isPresent();
        assertThat(config.auth().hasCredentials()).isTrue();
    }

    @Test
    void theKubernetesContainerSettingsLoad() throws IOException {
        JsonNode container = null;
        try (var parser = new YAMLFactory().createParser(DEPLOY.resolve("kubernetes/bulwark.yaml").toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if ("Deployment".equals(document.path("kind").asText())) {
                    container = document.path("spec").path("template").path("spec").path("containers").get(0);
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
    }

    /** The exec-form (JSON array) value of a Dockerfile instruction. */
    private static List<String> dockerfileList(String instruction) throws IOException {
        for (String line : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
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
