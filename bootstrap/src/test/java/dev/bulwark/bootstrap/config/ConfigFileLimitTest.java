package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The config file's size limit holds whatever the path names: a named pipe, a link to an endless device. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ConfigFileLimitTest {

    private static final int PIPED_BYTES = 2_400 * 1024;

    @TempDir
    Path dir;

    @Test
    void aNamedPipeDeliveringMoreThanTheLimitIsRefusedNamingTheFile() throws Exception {
        Path pipe = fifo("piped.yaml");
        Thread writer = feed(pipe, PIPED_BYTES);

        ConfigException failure = failure(List.of("--config", pipe.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("config");
            assertThat(error.reason()).isEqualTo("file " + pipe + " is larger than 1024 KiB; give a config file");
        });
        writer.join(TimeUnit.SECONDS.toMillis(30)); // the writer ends once the reader has closed the pipe
    }

    @Test
    void aNamedPipeDeliveringASmallConfigIsRead() throws Exception {
        Path pipe = fifo("small.yaml");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(pipe)) {
                out.write("cache:\n  ttl: 7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the test's assertion tells
            }
        });
        writer.setDaemon(true);
        writer.start();

        LoadedConfig loaded = ConfigFixtures.load(List.of("--config", pipe.toString()), Map.of());

        assertThat(loaded.config().core().cache().defaultTtl()).hasSeconds(7);
    }

    @Test
    void aLinkToAnEndlessDeviceIsRefusedAfterReadingOneByteBeyondTheLimit() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        Path link = Files.createSymbolicLink(dir.resolve("endless.yaml"), zero);

        ConfigException failure = failure(List.of("--config", link.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("config");
            assertThat(error.reason()).isEqualTo("file " + link + " is larger than 1024 KiB; give a config file");
        });
    }

    @Test
    void aFileOfExactlyTheLimitIsNotRefusedForItsSize() throws IOException {
        byte[] content = new byte[ConfigFileReader.MAX_FILE_BYTES];
        java.util.Arrays.fill(content, (byte) '\n');
        byte[] ttl = "cache:\n  ttl: 9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(ttl, 0, content, 0, ttl.length);
        Path file = Files.write(dir.resolve("padded.yaml"), content);

        LoadedConfig loaded = ConfigFixtures.load(List.of("--config", file.toString()), Map.of());

        assertThat(loaded.config().core().cache().defaultTtl()).hasSeconds(9);
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path pipe = dir.resolve(name);
        Process mkfifo =
                new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "needs mkfifo");
        return pipe;
    }

    /** A daemon thread writing {@code bytes} into {@code pipe}, stopping quietly when the reader goes away. */
    private static Thread feed(Path pipe, int bytes) {
        Thread writer = new Thread(
                () -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) '#'); // a YAML comment: valid content, however much of it
                    try (OutputStream out = Files.newOutputStream(pipe)) {
                        for (int written = 0; written < bytes; written += chunk.length) {
                            out.write(chunk, 0, Math.min(chunk.length, bytes - written));
                        }
                    } catch (IOException expected) {
                        // the reader closed the pipe after reading its limit: a broken pipe here
                    }
                },
                "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }
}
