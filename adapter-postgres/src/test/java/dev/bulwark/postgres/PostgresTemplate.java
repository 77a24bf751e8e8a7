package dev.bulwark.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A set-up PostgreSQL data directory that every {@link PostgresServer} starts from a copy of, so {@code initdb} runs
 * once per build, not once per server. It lives under the module's {@code target}; the first test JVM to need it
 * builds it holding a file lock, the others wait and reuse it. Thread-safe.
 */
final class PostgresTemplate {

    /** Writes a stopped, set-up data directory into an empty folder. */
    @FunctionalInterface
    interface Builder {
        void build(Path dataDirectory) throws IOException;
    }

    /** A running server's files, not part of its data: a copy must not inherit them. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

    private static Path built;

    private PostgresTemplate() {}

    /**
     * The template's data directory, built by {@code builder} unless a JVM of this build already built it for the same
     * key. A template whose build failed or was cut off holds no completion mark: the next caller builds it again.
     */
    static synchronized Path of(String key, Builder builder) {
        if (built != null) {
            return built;
        }
        Path root = Path.of(System.getProperty("user.dir"), "target", "postgres-template");
        Path template = root.resolve(digest(key));
        Path done = root.resolve(template.getFileName() + ".done");
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(
                            root.resolve(template.getFileName() + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (!Files.exists(done)) {
                    deleteTree(template);
                    builder.build(template);
                    Files.createFile(done);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL's template data directory could not be built in " + root, e);
        }
        built = template;
        return template;
    }

    /**
     * Copies a data directory, file modes included (PostgreSQL refuses a data directory others can read), leaving out
     * a running server's lock and pid files.
     */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                if (NOT_COPIED.contains(source.getFileName().toString())) {
                    continue;
                }
                Files.copy(
                        source,
                        to.resolve(from.relativize(source).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.delete(path);
            }
        }
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
