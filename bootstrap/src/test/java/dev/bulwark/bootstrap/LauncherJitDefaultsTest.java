package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * The launcher's JIT default ({@code src/launcher/bulwark}): over stdio the JIT compiles later
 * ({@code -XX:CompileThresholdScaling=4}), over HTTP the JVM keeps its own counts, and an operator's own setting
 * wins wherever the JVM reads it. The script runs with a fake JDK ({@link FakeJdkLauncher}).
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherJitDefaultsTest {

    private static final String LATER_JIT = "-XX:CompileThresholdScaling=4";

    @TempDir
    Path dir;

    private FakeJdkLauncher launcher;

    @BeforeEach
    void fakeJdkAndDistribution() throws IOException {
        launcher = new FakeJdkLauncher(dir);
    }

    @Test
    void overStdioTheLauncherMakesTheJitCompileLaterBeforeTheOperatorsOptions() throws Exception {
        List<String> java = launcher.launch(List.of(), Map.of("JAVA_OPTS", "-Dsome=thing"));

        assertThat(java).containsOnlyOnce(LATER_JIT);
        assertThat(java.indexOf(LATER_JIT)).isLessThan(java.indexOf("-Dsome=thing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--http", "--http=true"})
    void overHttpTheJvmKeepsItsOwnCompileThresholds(String http) throws Exception {
        assertThat(launcher.launch(List.of(http), Map.of())).noneMatch(argument -> argument.contains("CompileThreshold"));
    }

    @Test
    void overHttpChosenByTheEnvironmentTheJvmKeepsItsOwnCompileThresholdsToo() throws Exception {
        assertThat(launcher.launch(List.of(), Map.of("MCP_HTTP", "true")))
                .noneMatch(argument -> argument.contains("CompileThreshold"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"})
    void theOperatorsCompileThresholdScalingWinsWhereverItIsSet(String variable) throws Exception {
        // JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS come before the command line: a launcher default there would win.
        List<String> java = launcher.launch(List.of(), Map.of(variable, "-XX:CompileThresholdScaling=1"));

        assertThat(java).doesNotContain(LATER_JIT);
    }

    @Test
    void memoryDefaultsOffKeepsTheJitDefault() throws Exception {
        // BULWARK_MEMORY_DEFAULTS is about memory; the JIT's count is not one of its settings.
        assertThat(launcher.launch(List.of(), Map.of("BULWARK_MEMORY_DEFAULTS", "off"))).contains(LATER_JIT);
    }
}
