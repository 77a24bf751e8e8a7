package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM options the launcher ({@code src/launcher/bulwark}) adds where the operator chose none: its memory defaults
 * and its JIT default. The script runs with a fake JDK ({@link FakeJdkLauncher}).
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherDefaultsTest {

    @TempDir
    Path dir;

    private FakeJdkLauncher launcher;

    @BeforeEach
    void fakeJdkAndDistribution() throws IOException {
        launcher = new FakeJdkLauncher(dir);
    }

    /**
     * The serial collector with its survivor sizing, a heap of 16 to 256 MiB and two malloc arenas, each where the
     * operator chose none.
     */
    @Nested
    class MemoryDefaults {

        private static final String SERIAL = "-XX:+UseSerialGC";
        private static final String HEAP = "-Xmx256m";
        private static final String INITIAL_HEAP = "-Xms16m";
        private static final String SURVIVOR_RATIO = "-XX:SurvivorRatio=4";
        private static final String TARGET_SURVIVOR_RATIO = "-XX:TargetSurvivorRatio=90";

        @Test
        void withoutJavaOptsTheLauncherAddsTheSerialCollectorAHeapLimitAndTwoMallocArenas() throws Exception {
            List<String> java = launch(Map.of());

            assertThat(java).contains(SERIAL, INITIAL_HEAP, HEAP, "MALLOC_ARENA_MAX=2");
            assertThat(java.subList(java.indexOf(INITIAL_HEAP), java.size())).startsWith(INITIAL_HEAP, HEAP, "-jar");
        }

        @Test
        void theLaunchersCollectorComesWithSurvivorSpacesThatHoldWhatABusyServersCallsKeepForAFewCollections()
                throws Exception {
            // With the JVM's SurvivorRatio=8 and TargetSurvivorRatio=50, about 1 MiB kept by 4 busy callers for a
            // few collections overflowed the survivor spaces: every young collection promoted, and the old
            // generation filled every 1.5 s (docs/performance.md, "Idle sessions: the launcher's heap").
            List<String> java = launch(Map.of());

            assertThat(java.subList(java.indexOf(SERIAL), java.size()))
                    .startsWith(SERIAL, SURVIVOR_RATIO, TARGET_SURVIVOR_RATIO, INITIAL_HEAP, HEAP);
        }

        @Test
        void aCollectorOrAHeapInJavaOptsLeavesTheSurvivorSizingToTheJvm() throws Exception {
            assertThat(launch(Map.of("JAVA_OPTS", "-XX:+UseG1GC")))
                    .contains(HEAP)
                    .doesNotContain(SURVIVOR_RATIO, TARGET_SURVIVOR_RATIO);
            assertThat(launch(Map.of("JAVA_OPTS", "-Xmx512m"))).doesNotContain(SURVIVOR_RATIO, TARGET_SURVIVOR_RATIO);
            assertThat(launch(Map.of("BULWARK_MEMORY_DEFAULTS", "off")))
                    .doesNotContain(SURVIVOR_RATIO, TARGET_SURVIVOR_RATIO);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "-Xmx512m",
                    "-Xms1g",
                    "-XX:MaxRAMPercentage=75",
                    "-XX:MaxRAM=2g",
                    "-XX:MaxHeapSize=300m",
                    "-XX:InitialRAMPercentage=10"
                })
        void aHeapSizeInJavaOptsLeavesTheHeapAndTheCollectorToTheOperatorAndTheJvm(String heap) throws Exception {
            List<String> java = launch(Map.of("JAVA_OPTS", "-Dsome=thing " + heap));

            // the serial collector suits the launcher's small heap, not a heap of any size
            assertThat(java).doesNotContain(INITIAL_HEAP, HEAP, SERIAL).contains(heap);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseZGC", "-XX:+UseParallelGC", "-XX:+UseSerialGC"})
        void aCollectorInJavaOptsLeavesTheCollectorToTheOperator(String collector) throws Exception {
            List<String> java = launch(Map.of("JAVA_OPTS", collector));

            assertThat(java).contains(HEAP).containsOnlyOnce(collector);
            assertThat(java)
                    .filteredOn(argument -> argument.matches("-XX:\\+Use.*GC"))
                    .containsExactly(collector);
        }

        @Test
        void aHeapAndACollectorInJavaOptsLeaveNoDefaultButTheArenas() throws Exception {
            List<String> java = launch(Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=75 -XX:+UseG1GC"));

            assertThat(java).doesNotContain(INITIAL_HEAP, HEAP, SERIAL).contains("MALLOC_ARENA_MAX=2");
            assertThat(java.subList(java.indexOf("-XX:MaxRAMPercentage=75"), java.size()))
                    .startsWith("-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-jar");
        }

        @Test
        void theJavaLaunchersOwnOptionVariablesCountAsTheOperatorsChoiceToo() throws Exception {
            // The JVM reads these itself: a -XX:+UseSerialGC added next to a collector chosen there would not start.
            assertThat(launch(Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC")))
                    .doesNotContain(SERIAL)
                    .contains(HEAP);
            assertThat(launch(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g"))).doesNotContain(INITIAL_HEAP, HEAP, SERIAL);
        }

        @Test
        void anArenaCountInTheEnvironmentIsKept() throws Exception {
            assertThat(launch(Map.of("MALLOC_ARENA_MAX", "8")))
                    .contains("MALLOC_ARENA_MAX=8")
                    .doesNotContain("MALLOC_ARENA_MAX=2");
        }

        @Test
        void memoryDefaultsOffAddsNone() throws Exception {
            List<String> java = launch(Map.of("BULWARK_MEMORY_DEFAULTS", "off"));

            assertThat(java).doesNotContain(SERIAL, INITIAL_HEAP, HEAP).contains("MALLOC_ARENA_MAX=unset");
        }

        private List<String> launch(Map<String, String> environment) throws Exception {
            return launcher.launch(List.of("--http"), environment);
        }
    }

    /**
     * Over stdio the JIT compiles later ({@code -XX:CompileThresholdScaling=4}), over HTTP the JVM keeps its own
     * counts, and an operator's own setting wins wherever the JVM reads it.
     */
    @Nested
    class JitDefault {

        private static final String LATER_JIT = "-XX:CompileThresholdScaling=4";

        @Test
        void overStdioTheLauncherMakesTheJitCompileLaterBeforeTheOperatorsOptions() throws Exception {
            List<String> java = launcher.launch(List.of(), Map.of("JAVA_OPTS", "-Dsome=thing"));

            assertThat(java).containsOnlyOnce(LATER_JIT);
            assertThat(java.indexOf(LATER_JIT)).isLessThan(java.indexOf("-Dsome=thing"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--http", "--http=true"})
        void overHttpTheJvmKeepsItsOwnCompileThresholds(String http) throws Exception {
            assertThat(launcher.launch(List.of(http), Map.of()))
                    .noneMatch(argument -> argument.contains("CompileThreshold"));
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
            assertThat(launcher.launch(List.of(), Map.of("BULWARK_MEMORY_DEFAULTS", "off")))
                    .contains(LATER_JIT);
        }
    }
}
