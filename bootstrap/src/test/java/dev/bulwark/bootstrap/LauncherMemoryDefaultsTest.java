package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's memory defaults ({@code src/launcher/bulwark}): the serial collector, a heap of 32 to 128 MiB and
 * two malloc arenas, each only where the operator chose nothing. The script runs with a fake {@code java} in
 * {@code JAVA_HOME} that prints {@code MALLOC_ARENA_MAX} and then each argument it got, one a line.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherMemoryDefaultsTest {

    private static final Path LAUNCHER = Path.of("src/launcher/bulwark").toAbsolutePath();
    private static final String SERIAL = "-XX:+UseSerialGC";
    private static final String HEAP = "-Xmx128m";
    private static final String INITIAL_HEAP = "-Xms32m";

    @TempDir
    Path dir;

    private Path javaHome;
    private Path launcher;

    @BeforeEach
    void fakeJdkAndDistribution() throws IOException {
        javaHome = Files.createDirectories(dir.resolve("jdk"));
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}\"\n"
                + "for argument in \"$@\"; do echo \"$argument\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"17.0.99\"\n");
        launcher = Files.createDirectories(dir.resolve("dist")).resolve("bulwark");
        Files.copy(LAUNCHER, launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withoutJavaOptsTheLauncherAddsTheSerialCollectorAHeapLimitAndTwoMallocArenas() throws Exception {
        List<String> java = launch(Map.of());

        assertThat(java).contains(SERIAL, INITIAL_HEAP, HEAP, "MALLOC_ARENA_MAX=2");
        assertThat(java.subList(java.indexOf(INITIAL_HEAP), java.size())).startsWith(INITIAL_HEAP, HEAP, "-jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Xmx512m", "-Xms1g", "-XX:MaxRAMPercentage=75", "-XX:MaxRAM=2g",
            "-XX:MaxHeapSize=300m", "-XX:InitialRAMPercentage=10"})
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
        assertThat(java).filteredOn(argument -> argument.matches("-XX:\\+Use.*GC")).containsExactly(collector);
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
        assertThat(launch(Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC"))).doesNotContain(SERIAL).contains(HEAP);
        assertThat(launch(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g"))).doesNotContain(INITIAL_HEAP, HEAP, SERIAL);
    }

    @Test
    void anArenaCountInTheEnvironmentIsKept() throws Exception {
        assertThat(launch(Map.of("MALLOC_ARENA_MAX", "8"))).contains("MALLOC_ARENA_MAX=8")
                .doesNotContain("MALLOC_ARENA_MAX=2");
    }

    @Test
    void memoryDefaultsOffAddsNone() throws Exception {
        List<String> java = launch(Map.of("BULWARK_MEMORY_DEFAULTS", "off"));

        assertThat(java).doesNotContain(SERIAL, INITIAL_HEAP, HEAP).contains("MALLOC_ARENA_MAX=unset");
    }

    /** Runs the launcher with this environment on top of {@code JAVA_HOME} and {@code PATH}: the fake java's lines. */
    private List<String> launch(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--http").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("PATH", path);
        env.putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("the launcher's exit code; output: %s", output).isZero();
        return output.lines().toList();
    }
}
