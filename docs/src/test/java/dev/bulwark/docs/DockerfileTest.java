package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules that matter for {@code docs/deploy/Dockerfile}, checked here because no Dockerfile linter is packaged where
 * CI installs its tools: every base image pinned to a full version (or a digest), the server running as a non-root
 * user, a health check, and no secret in any layer (none set as a build argument or environment variable, none copied
 * from the build context, which excludes secret files).
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("deploy", "Dockerfile");
    private static final Path DOCKERIGNORE = Path.of("deploy", "Dockerfile.dockerignore");
    /** image:tag with a full version (1.2.3, 25.0.4_7), or image@sha256:digest. */
    private static final Pattern PINNED = Pattern.compile(
            "[a-z0-9./-]+(:[\\w.-]*\\d+\\.\\d+\\.\\d+[\\w.-]*)?(@sha256:[0-9a-f]{64})?");
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[_-]?key|private[_-]?key|credential|database_url|redis_url).*");

    @Test
    void everyBaseImageIsPinnedToAFullVersionOrDigest() throws IOException {
        List<String> stages = new ArrayList<>();
        for (Instruction from : instructions("FROM")) {
            String[] words = from.arguments().split("\\s+");
            String image = words[0];
            if (!stages.contains(image)) {
                assertThat(image).as("FROM " + from.arguments()).matches(PINNED)
                        .satisfiesAnyOf(i -> assertThat(i).contains("@sha256:"),
                                i -> assertThat(i).containsPattern(":[\\w.-]*\\d+\\.\\d+\\.\\d+"));
            }
            if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
                stages.add(words[2]);
            }
        }
        assertThat(stages).as("the stages").isNotEmpty();
    }

    @Test
    void theServerRunsAsANonRootUser() throws IOException {
        List<Instruction> finalStage = finalStage();
        List<Instruction> users = finalStage.stream().filter(i -> i.keyword().equals("USER")).toList();

        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(user).as("a numeric user, so runAsNonRoot can verify it").matches("[1-9][0-9]*");
    }

    @Test
    void theImageHasAHealthCheckOnTheManagementPort() throws IOException {
        List<Instruction> checks = finalStage().stream().filter(i -> i.keyword().equals("HEALTHCHECK")).toList();

        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).arguments()).doesNotStartWith("NONE").contains("CMD").contains("/health")
                .contains("${HEALTH_PORT:-9090}");
    }

    @Test
    void noSecretIsSetOrCopiedIntoALayer() throws IOException {
        for (Instruction instruction : instructions("ARG", "ENV")) {
            String name = instruction.arguments().split("[=\\s]", 2)[0];
            assertThat(name).as(instruction.keyword() + " " + instruction.arguments()).doesNotMatch(SECRET_NAME);
        }
        for (Instruction copy : instructions("COPY", "ADD")) {
            assertThat(copy.arguments().toLowerCase(Locale.ROOT)).as(copy.keyword() + " " + copy.arguments())
                    .doesNotContain("api-keys", ".pem", ".key", ".env", "id_rsa", "secret");
        }
        // The build stage copies the whole context: the secret files a checkout may hold never enter it.
        assertThat(Files.readAllLines(DOCKERIGNORE)).contains("**/api-keys*.json", "**/*.pem", "**/*.key",
                "**/.env", ".git");
        // The final stage takes only the jar from the build stage, never files from the context.
        assertThat(finalStage().stream().filter(i -> i.keyword().equals("COPY") || i.keyword().equals("ADD")))
                .allSatisfy(copy -> assertThat(copy.arguments()).startsWith("--from="));
    }

    private record Instruction(String keyword, String arguments) {
    }

    /** The instructions, continuation lines joined, comments dropped. */
    private static List<Instruction> instructions() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
            current.setLength(0);
        }
        return instructions;
    }

    private static List<Instruction> instructions(String... keywords) throws IOException {
        List<String> wanted = List.of(keywords);
        return instructions().stream().filter(i -> wanted.contains(i.keyword())).toList();
    }

    private static List<Instruction> finalStage() throws IOException {
        List<Instruction> all = instructions();
        int last = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return all.subList(last, all.size());
    }
}
