package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The protocol versions Bulwark speaks are spelled in one main source file, {@code ProtocolEra}. */
class ProtocolVersionsInOneFileTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void onlyProtocolEraSpellsTheVersionsOfBothEras() throws IOException {
        List<String> spelling;
        try (Stream<Path> files = Files.walk(ROOT)) {
            spelling = files.filter(ProtocolVersionsInOneFileTest::isMainSource)
                    .filter(ProtocolVersionsInOneFileTest::spellsAVersion)
                    .map(file -> ROOT.relativize(file).toString())
                    .sorted()
                    .toList();
        }

        assertThat(spelling).containsExactly("ports/src/main/java/dev/bulwark/ports/origin/ProtocolEra.java");
    }

    private static boolean isMainSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java")
                && path.contains("/src/main/java/")
                && !path.contains("/target/")
                && !path.contains("/node_modules/");
    }

    private static boolean spellsAVersion(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.contains("2025-11-25") || text.contains("2026-07-28");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
