package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which class-data archive the launcher ({@code src/launcher/bulwark}) starts the server with: the build makes one per
 * transport, and the launcher reads the transport from the arguments and {@code MCP_HTTP} as the server does. The
 * script runs with a fake JDK 17.0.99 ({@link FakeJdkLauncher}) and both archives beside it.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherArchiveChoiceTest {

    @TempDir
    Path dir;

    private FakeJdkLauncher launcher;
    private Path stdioArchive;
    private Path httpArchive;

    @BeforeEach
    void fakeJdkAndBothArchives() throws IOException {
        launcher = new FakeJdkLauncher(dir);
        stdioArchive = Files.createFile(launcher.dist().resolve("bulwark-server-17.0.99.jsa"));
        httpArchive = Files.createFile(launcher.dist().resolve("bulwark-server-17.0.99-http.jsa"));
    }

    @Test
    void withoutArgumentsTheStdioArchiveIsUsed() throws Exception {
        assertThat(launch(List.of(), Map.of()))
                .contains("-XX:SharedArchiveFile=" + stdioArchive, "-Dbulwark.cds.transport=stdio");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--http",
                "--http --port 8080",
                "--port 8080 --http",
                "--http=true",
                "--http yes",
                "--http=ON",
                "--http 1"
            })
    void argumentsThatTurnHttpOnChooseTheHttpArchive(String arguments) throws Exception {
        assertThat(launch(List.of(arguments.split(" ")), Map.of()))
                .contains("-XX:SharedArchiveFile=" + httpArchive, "-Dbulwark.cds.transport=http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--http false", "--http=off", "--http --http=false", "--port 8080"})
    void argumentsThatLeaveHttpOffChooseTheStdioArchive(String arguments) throws Exception {
        assertThat(launch(List.of(arguments.split(" ")), Map.of())).contains("-XX:SharedArchiveFile=" + stdioArchive);
    }

    @Test
    void theEnvironmentTurnsHttpOnAndAFlagOverridesIt() throws Exception {
        assertThat(launch(List.of(), Map.of("MCP_HTTP", "TRUE"))).contains("-XX:SharedArchiveFile=" + httpArchive);
        assertThat(launch(List.of("--http=false"), Map.of("MCP_HTTP", "true")))
                .contains("-XX:SharedArchiveFile=" + stdioArchive);
    }

    @Test
    void withoutItsOwnArchiveATransportStartsWithTheOthers() throws Exception {
        Files.delete(httpArchive);

        assertThat(launch(List.of("--http"), Map.of()))
                .contains("-XX:SharedArchiveFile=" + stdioArchive, "-Dbulwark.cds.transport=stdio");
    }

    @Test
    void cdsOffStartsWithoutAnArchive() throws Exception {
        assertThat(launch(List.of("--http"), Map.of("BULWARK_CDS", "off")))
                .noneMatch(argument -> argument.contains("SharedArchiveFile") || argument.contains("bulwark.cds"));
    }

    private List<String> launch(List<String> arguments, Map<String, String> environment) throws Exception {
        return launcher.launch(arguments, environment);
    }

    @Test
    void aDistributionPathWithSpacesReachesTheJvmAsOneOption() throws Exception {
        FakeJdkLauncher spaced = new FakeJdkLauncher(dir.resolve("other"), "my server", "17.0.99");
        Path archive = Files.createFile(spaced.dist().resolve("bulwark-server-17.0.99.jsa"));

        assertThat(spaced.launch(List.of(), Map.of()))
                .contains(
                        "-XX:SharedArchiveFile=" + archive,
                        "-Dbulwark.cds.transport=stdio",
                        "-jar",
                        spaced.dist().resolve("bulwark-server.jar").toString());
    }

    @Test
    void onAnotherJdkOf19OrLaterTheJvmWritesAnArchivePerTransportInTheCacheFolder() throws Exception {
        FakeJdkLauncher other = new FakeJdkLauncher(dir.resolve("other"), "dist", "21.0.4");
        Path cache = dir.resolve("cache with space");

        assertThat(other.launch(List.of("--http"), Map.of("BULWARK_CDS_DIR", cache.toString())))
                .contains(
                        "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + cache.resolve("bulwark-server-21.0.4-http.jsa"))
                .noneMatch(argument -> argument.startsWith("-Dbulwark.cds.transport"));
    }
}
