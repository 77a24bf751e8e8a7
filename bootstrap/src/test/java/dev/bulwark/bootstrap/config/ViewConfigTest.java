package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's {@code views} section and {@code tools.views-folder}: each view read, each bad value one line. */
class ViewConfigTest {

    @TempDir
    Path dir;

    @Test
    void viewsAreReadFromTheFileWithTheirDefaultsAndTheFolderFromEverySource() {
        Path file = write(dir, "bulwark.yaml", """
                tools:
                  views-folder: /from/file
                views:
                  health-board:
                    uri: ui://ops/health.html
                    file: health.html
                    title: Health
                    description: The server's health
                    connect-domains: [https://api.example.com]
                    resource-domains: https://cdn.example.com
                    scopes: [ops:read]
                    tools: [health_check, get_metrics]
                  plain:
                    uri: ui://ops/plain.html
                    file: pages/plain.html
                """);

        ServerConfig fromEnv = load(List.of("--config", file.toString()), Map.of("MCP_VIEWS_FOLDER", "/from/env"))
                .config();
        ServerConfig fromFlag = load(
                        List.of("--config", file.toString(), "--views-folder", "/from/flag"),
                        Map.of("MCP_VIEWS_FOLDER", "/from/env"))
                .config();

        assertThat(fromEnv.toolPacks().viewsFolder()).contains("/from/env");
        assertThat(fromFlag.toolPacks().viewsFolder()).contains("/from/flag");
        assertThat(fromEnv.views())
                .containsExactly(
                        new ViewSettings(
                                "health-board",
                                "ui://ops/health.html",
                                "health.html",
                                "Health",
                                "The server's health",
                                List.of("https://api.example.com"),
                                List.of("https://cdn.example.com"),
                                Set.of("ops:read"),
                                Set.of("health_check", "get_metrics")),
                        new ViewSettings(
                                "plain",
                                "ui://ops/plain.html",
                                "pages/plain.html",
                                "plain",
                                "",
                                List.of(),
                                List.of(),
                                Set.of(),
                                Set.of()));
        assertThat(load(List.of("--config", file.toString()), Map.of())
                        .config()
                        .toolPacks()
                        .viewsFolder())
                .contains("/from/file");
        assertThat(ServerConfig.defaults().views()).isEmpty();
        assertThat(ServerConfig.defaults().toolPacks().viewsFolder()).isEqualTo(Optional.empty());
    }

    @Test
    void aUriThatIsNoUiUriIsOneLineNamingItsKey() {
        ConfigException failure = failing("""
                views:
                  board:
                    uri: https://example.com/board.html
                    file: board.html
                """);

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("views.board.uri");
            assertThat(error.reason()).contains("is no ui:// URI").contains("ui://orders/board.html");
        });
    }

    @Test
    void twoViewsWithOneUriAreRefusedAtTheSecond() {
        ConfigException failure = failing("""
                views:
                  first:
                    uri: ui://ops/board.html
                    file: a.html
                  second:
                    uri: ui://ops/board.html
                    file: b.html
                """);

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("views.second.uri");
            assertThat(error.source()).contains("line 6");
            assertThat(error.reason()).isEqualTo("is the URI of view first too: give each view its own URI");
        });
    }

    @Test
    void aToolLinkedByTwoViewsIsRefused() {
        ConfigException failure = failing("""
                views:
                  first:
                    uri: ui://ops/a.html
                    file: a.html
                    tools: [health_check]
                  second:
                    uri: ui://ops/b.html
                    file: b.html
                    tools: [health_check]
                """);

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("views.second.tools");
            assertThat(error.reason()).contains("links health_check, which view first links too");
        });
    }

    @Test
    void aViewWithoutUriOrFileIsOneLineForEach() {
        ConfigException failure = failing("""
                views:
                  board:
                    title: Board
                """);

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("views.board.uri", "views.board.file");
        assertThat(failure.errors())
                .allSatisfy(error -> assertThat(error.reason()).startsWith("is required"));
    }

    @Test
    void aFileOutsideTheFolderByItsPathIsRefused() {
        ConfigException failure = failing("""
                views:
                  up:
                    uri: ui://ops/up.html
                    file: pages/../../secret.html
                  absolute:
                    uri: ui://ops/absolute.html
                    file: /etc/passwd
                """);

        assertThat(failure.errors())
                .extracting(ConfigError::key, ConfigError::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "views.up.file",
                                "leaves tools.views-folder through '..'; name a file inside the folder"),
                        org.assertj.core.groups.Tuple.tuple(
                                "views.absolute.file",
                                "is an absolute path; name the file relative to tools.views-folder"));
    }

    @Test
    void badOriginsScopesToolNamesAndFieldsAreEachALine() {
        ConfigException failure = failing("""
                views:
                  board:
                    uri: ui://ops/board.html
                    file: board.html
                    connect-domains: [ftp://files.example.com]
                    resource-domains: [https://cdn.example.com/path]
                    scopes: ['ops "read"']
                    tools: [no such tool]
                    colour: blue
                  Bad_Name:
                    uri: ui://ops/other.html
                    file: other.html
                """);

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder(
                        "views.board.connect-domains",
                        "views.board.resource-domains",
                        "views.board.scopes",
                        "views.board.tools",
                        "views.board.colour",
                        "views.Bad_Name");
        assertThat(failure.getMessage())
                .contains("'ftp://files.example.com' is no origin")
                .contains("'no such tool' is no tool name");
    }

    private ConfigException failing(String yaml) {
        Path file = write(dir, "bulwark.yaml", yaml);
        return failure(List.of("--config", file.toString()), Map.of());
    }
}
