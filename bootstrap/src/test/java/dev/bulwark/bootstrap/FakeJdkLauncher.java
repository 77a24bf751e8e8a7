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

/**
 * The launcher ({@code src/launcher/bulwark}) copied into {@code dist/} (or another folder) of a directory, with a
 * fake JDK (17.0.99 unless named) in {@code jdk/} whose {@code java} prints {@code MALLOC_ARENA_MAX} and then each
 * argument it got, one a line. For tests of what the launcher passes to the JVM; not thread-safe.
 */
final class FakeJdkLauncher {

    private static final Path LAUNCHER = Path.of("src/launcher/bulwark").toAbsolutePath();

    private final Path javaHome;
    private final Path launcher;

    FakeJdkLauncher(Path dir) throws IOException {
        this(dir, "dist", "17.0.99");
    }

    /** With the launcher in {@code dir/distribution} (a name that may hold spaces) and a fake JDK {@code version}. */
    FakeJdkLauncher(Path dir, String distribution, String version) throws IOException {
        javaHome = Files.createDirectories(dir.resolve("jdk"));
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\necho \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}\"\n"
                        + "for argument in \"$@\"; do echo \"$argument\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        launcher = Files.createDirectories(dir.resolve(distribution)).resolve("bulwark");
        Files.copy(LAUNCHER, launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The directory the launcher is in, where the build puts the jar and its archives. */
    Path dist() {
        return launcher.getParent();
    }

    /**
     * Runs the launcher with {@code arguments} and this environment on top of {@code JAVA_HOME} and {@code PATH};
     * returns the fake java's lines.
     */
    List<String> launch(List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("PATH", path);
        env.putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("the launcher's exit code; output: %s", output)
                .isZero();
        return output.lines().toList();
    }
}
