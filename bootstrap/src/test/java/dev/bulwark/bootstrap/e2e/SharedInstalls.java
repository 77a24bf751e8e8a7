package dev.bulwark.bootstrap.e2e;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders of downloads and installs that the test JVMs of one build share: the first JVM to ask for a folder fills it
 * while holding a file lock, the others wait for the lock and reuse it. The folders live under
 * {@code bulwark.shared.installs.dir} (the build's {@code target}); without that property, under the test's own folder.
 */
final class SharedInstalls {

    /** Fills an empty folder. */
    @FunctionalInterface
    interface Filler {
        void fill(Path dir) throws Exception;
    }

    private SharedInstalls() {}

    /** Where shared folders go: the build's folder for them, else {@code fallback}. */
    static Path root(Path fallback) {
        String dir = System.getProperty("bulwark.shared.installs.dir");
        return dir == null || dir.isBlank() ? fallback : Path.of(dir);
    }

    /**
     * The folder {@code name} under {@code root}, filled by {@code filler} unless a JVM of this build already did. A
     * folder whose filling failed or was cut off holds no completion mark: the next caller empties it and fills it again.
     */
    static Path once(Path root, String name, Filler filler) throws Exception {
        Files.createDirectories(root);
        Path dir = root.resolve(name);
        Path done = root.resolve(name + ".done");
        try (FileChannel channel = FileChannel.open(
                        root.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!Files.exists(done)) {
                deleteTree(dir);
                Files.createDirectories(dir);
                filler.fill(dir);
                Files.createFile(done);
            }
        }
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
