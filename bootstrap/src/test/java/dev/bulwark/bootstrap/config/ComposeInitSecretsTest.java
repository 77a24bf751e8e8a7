package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.serve.config.ApiKeysFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose quick start's first step, {@code docs/deploy/compose/init-secrets.sh}, run as the README says in a
 * directory that holds nothing else: it makes the two secrets {@code compose.yaml} needs before any {@code docker
 * compose} command, and the server accepts both.
 */
class ComposeInitSecretsTest {

    private static final Path COMPOSE = Path.of("..", "docs", "deploy", "compose");
    private static final Path SCRIPT = COMPOSE.resolve("init-secrets.sh");
    /** A variable compose must have, or it stops: {@code ${NAME:?message}} or {@code ${NAME?message}}. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?\\?");
    /** A deadline for a run that hangs, far above what the script takes. */
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path directory;

    @Test
    void itMakesEverySecretFileAndRequiredVariableTheComposeFileNeeds() throws Exception {
        JsonNode compose =
                new YAMLMapper().readTree(COMPOSE.resolve("compose.yaml").toFile());
        Set<String> secretFiles = new TreeSet<>();
        compose.path("secrets").forEach(secret -> {
            if (secret.has("file")) {
                secretFiles.add(secret.path("file").asText());
            }
        });
        Set<String> required = new TreeSet<>();
        Matcher variable = REQUIRED_VARIABLE.matcher(Files.readString(COMPOSE.resolve("compose.yaml")));
        while (variable.find()) {
            required.add(variable.group(1));
        }

        Run run = initSecrets("me");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(secretFiles)
                .as("the compose file's secret files")
                .isNotEmpty()
                .allSatisfy(file -> assertThat(directory.resolve(file)).as(file).isNotEmptyFile());
        List<String> dotEnv = Files.readAllLines(directory.resolve(".env"));
        assertThat(required)
                .as("the variables the compose file requires")
                .contains("MCP_REQUEST_STATE_KEY")
                .allSatisfy(name -> assertThat(dotEnv).as(".env").anyMatch(line -> line.startsWith(name + "=")));
    }

    @Test
    void theKeyItPrintsAuthenticatesAgainstTheKeysFileTheServerReads() throws Exception {
        Run run = initSecrets("me");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String key = run.stdout()
                .lines()
                .filter(line -> line.startsWith(ApiKeys.KEY_PREFIX))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key printed: " + run.stdout()));
        ApiKeys keys = ApiKeysFile.read(directory.resolve("api-keys.json"));
        assertThat(keys.authenticate(key)).contains(new Principal("me", Set.of("*")));
        assertThat(keys.authenticate(key + "x")).isEmpty();
        assertThat(Files.readString(directory.resolve("api-keys.json"))).doesNotContain(key);
    }

    @Test
    void theRequestStateKeyItWritesToDotEnvIsOneTheServerAccepts() throws Exception {
        Run run = initSecrets("me");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String value = requestStateKey().orElseThrow(() -> new AssertionError("no MCP_REQUEST_STATE_KEY in .env"));
        ServerConfig config =
                load(List.of(), Map.of("MCP_REQUEST_STATE_KEY", value)).config();
        assertThat(config.core().requestState().key()).isPresent();
        assertThat(run.stdout()).doesNotContain(value);
    }

    @Test
    void aSecondRunKeepsBothSecrets() throws Exception {
        initSecrets("me");
        String keysFile = Files.readString(directory.resolve("api-keys.json"));
        String dotEnv = Files.readString(directory.resolve(".env"));

        Run again = initSecrets("someone-else");

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).doesNotContain(ApiKeys.KEY_PREFIX);
        assertThat(Files.readString(directory.resolve("api-keys.json"))).isEqualTo(keysFile);
        assertThat(Files.readString(directory.resolve(".env"))).isEqualTo(dotEnv);
    }

    @Test
    void aDotEnvWithOtherSettingsGetsTheKeyAddedAndKeepsThem() throws Exception {
        Files.writeString(directory.resolve(".env"), "COMPOSE_PROJECT_NAME=mine\n");

        Run run = initSecrets("me");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(Files.readString(directory.resolve(".env"))).startsWith("COMPOSE_PROJECT_NAME=mine\n");
        assertThat(requestStateKey()).isPresent();
    }

    @Test
    void theApiKeyPlaceholderIsRefusedAndNothingIsWritten() throws Exception {
        Run run = initSecrets("CHANGE-ME");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("CHANGE-ME").contains("choose your own subject");
        assertThat(directory.resolve("api-keys.json")).doesNotExist();
        assertThat(directory.resolve(".env")).doesNotExist();
    }

    @Test
    void theDirectoryAnEarlierComposeRunLeftInPlaceOfTheKeysFileIsNamedWithTheFix() throws Exception {
        Files.createDirectory(directory.resolve("api-keys.json"));

        Run run = initSecrets("me");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("api-keys.json is a directory").contains("rmdir");
    }

    private Optional<String> requestStateKey() throws IOException {
        return Files.readAllLines(directory.resolve(".env")).stream()
                .filter(line -> line.startsWith("MCP_REQUEST_STATE_KEY="))
                .map(line -> line.substring("MCP_REQUEST_STATE_KEY=".length()))
                .findFirst();
    }

    /** Runs a copy of the script in {@link #directory}, as {@code ./init-secrets.sh} there would. */
    private Run initSecrets(String subject) throws IOException, InterruptedException {
        Path script = Files.copy(SCRIPT, directory.resolve("init-secrets.sh"), StandardCopyOption.REPLACE_EXISTING);
        Path stdout = Files.createTempFile("init-secrets", ".out");
        Path stderr = Files.createTempFile("init-secrets", ".err");
        try {
            Process process = new ProcessBuilder("sh", script.toString(), subject)
                    .directory(directory.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .as("init-secrets.sh ended")
                    .isTrue();
            return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    /** What one run of the script did. */
    private record Run(int exitCode, String stdout, String stderr) {}
}
