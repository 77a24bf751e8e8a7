package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.config.ToolPackSettings;
import dev.bulwark.bootstrap.config.ViewSettings;
import dev.bulwark.core.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views' HTML files, checked at start with one line per problem naming the view's key, and the views wired: each
 * linked tool carries its view, and a tool the server does not serve stops the start.
 */
class ConfiguredViewsTest {

    @TempDir
    Path dir;

    private ServerComponent component;

    @AfterEach
    void close() {
        if (component != null) {
            component.bulwark().close();
            component.outboundServices().close();
            component.database().close();
        }
    }

    @Test
    void aViewsFileThatDoesNotExistIsOneLineNamingItsKey() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));

        assertThat(AdapterConfigCheck.problems(serving(folder, view("board", "board.html"))))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("views.board.file");
                    assertThat(problem.reason())
                            .startsWith("board.html is not in")
                            .contains("create it");
                });
    }

    @Test
    void aFileOverTheBoundIsRefused() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));
        Files.write(folder.resolve("big.html"), new byte[(int) ViewSettings.MAX_FILE_BYTES + 1]);
        Files.write(folder.resolve("just.html"), new byte[(int) ViewSettings.MAX_FILE_BYTES]);

        assertThat(AdapterConfigCheck.problems(serving(folder, view("big", "big.html"), view("just", "just.html"))))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("views.big.file");
                    assertThat(problem.reason())
                            .isEqualTo("big.html is over the 1024 KiB a view may have; make it" + " smaller");
                });
    }

    @Test
    void aLinkLeavingTheFolderIsRefusedAndOneInsideIsServed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));
        Path outside = Files.writeString(dir.resolve("secret.html"), "<p>secret</p>");
        Files.writeString(folder.resolve("inside.html"), "<p>inside</p>");
        Files.createSymbolicLink(folder.resolve("out.html"), outside);
        Files.createSymbolicLink(folder.resolve("in.html"), folder.resolve("inside.html"));

        assertThat(AdapterConfigCheck.problems(serving(folder, view("out", "out.html"), view("in", "in.html"))))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("views.out.file");
                    assertThat(problem.reason()).contains("leaves").contains("through a link");
                });
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));
        Files.write(folder.resolve("latin.html"), new byte[] {'<', 'p', '>', (byte) 0xE9, '<'});

        assertThat(AdapterConfigCheck.problems(serving(folder, view("latin", "latin.html"))))
                .extracting(ConfigError::key, ConfigError::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "views.latin.file", "latin.html is not UTF-8 text; save the view's HTML as UTF-8"));
    }

    @Test
    void viewsWithoutAFolderOrWithAMissingOneAreOneLineNamingTheFolderKey() {
        ServerConfig unset = ServerConfig.defaults().toBuilder()
                .views(List.of(view("board", "board.html")))
                .build();

        assertThat(AdapterConfigCheck.problems(unset)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("tools.views-folder");
            assertThat(problem.reason()).startsWith("is unset, but the views section names 1 view(s)");
        });
        assertThat(AdapterConfigCheck.problems(serving(dir.resolve("missing"), view("board", "board.html"))))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("tools.views-folder");
                    assertThat(problem.reason()).contains("is no readable directory");
                });
    }

    @Test
    void aLinkedBuiltInToolCarriesItsViewWhenTheServerIsWired() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));
        Files.writeString(folder.resolve("health.html"), "<p>health</p>");

        component = DaggerServerComponent.factory()
                .create(serving(folder, linking(view("health", "health.html"), "health_check")));

        assertThat(component.bulwark().tools())
                .filteredOn(tool -> tool.name().equals("health_check"))
                .singleElement()
                .extracting(Tool::view)
                .isEqualTo(Optional.of("ui://ops/health.html"));
        assertThat(component.bulwark().tools())
                .filteredOn(tool -> tool.name().equals("get_metrics"))
                .singleElement()
                .extracting(Tool::view)
                .isEqualTo(Optional.empty());
        assertThat(component.bulwark().extensions())
                .anySatisfy(extension -> assertThat(extension.id()).isEqualTo("io.modelcontextprotocol/ui"));
    }

    @Test
    void aViewLinkingAToolTheServerDoesNotServeStopsTheStartNamingIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("views"));
        Files.writeString(folder.resolve("health.html"), "<p>health</p>");
        ServerComponent wired = DaggerServerComponent.factory()
                .create(serving(folder, linking(view("health", "health.html"), "health_check", "no_such_tool")));

        StartupConfigException refusal = catchThrowableOfType(StartupConfigException.class, wired::bulwark);

        assertThat(refusal).isNotNull();
        assertThat(refusal.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("views.health.tools");
            assertThat(error.reason()).startsWith("links no_such_tool, which the server does not serve");
        });
        wired.outboundServices().close();
        wired.database().close();
    }

    private static ViewSettings view(String name, String file) {
        return ViewSettings.builder(name)
                .uri("ui://ops/" + name + ".html")
                .file(file)
                .build();
    }

    private static ViewSettings linking(ViewSettings view, String... tools) {
        return new ViewSettings(
                view.name(),
                view.uri(),
                view.file(),
                view.title(),
                view.description(),
                view.connectDomains(),
                view.resourceDomains(),
                view.scopes(),
                Set.of(tools));
    }

    private static ServerConfig serving(Path folder, ViewSettings... views) {
        return ServerConfig.defaults().toBuilder()
                .toolPacks(new ToolPackSettings(false, Optional.empty(), Optional.of(folder.toString())))
                .views(List.of(views))
                .build();
    }
}
