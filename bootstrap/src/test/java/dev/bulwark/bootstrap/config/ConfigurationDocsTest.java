package dev.bulwark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} in step with the catalogue: its keys table must hold exactly one row per key,
 * with the key's environment variable, flag and default, and its launcher table one row per launcher option.
 * Surefire runs in the bootstrap module's directory, so the docs are one level up.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void keysTableMatchesTheCatalogue() throws IOException {
        List<String> documented = table("Key").stream()
                .map(row -> String.join(" | ", row.get(0), row.get(1), row.get(2), row.get(3)))
                .toList();
        List<String> catalogued = ConfigKeys.all().stream()
                .map(key -> String.join(" | ", key.path(), key.envVar(), key.flag(), ConfigKeys.defaultText(key)))
                .toList();

        assertThat(documented)
                .as("rows of the keys table in %s (key | env var | flag | default)", DOC)
                .containsExactlyInAnyOrderElementsOf(catalogued);
    }

    @Test
    void servicesTableMatchesTheServiceFields() throws IOException {
        List<String> documented = table("Field").stream()
                .map(row -> String.join(" | ", row.get(0), row.get(1), row.get(2)))
                .toList();
        List<String> fields = ServiceFields.FIELDS.stream()
                .map(field -> String.join(" | ", field.name(), field.defaultText(), field.description()))
                .toList();

        assertThat(documented)
                .as("rows of the services table in %s (field | default | description)", DOC)
                .containsExactlyElementsOf(fields);
    }

    @Test
    void monitorTargetsTableMatchesTheTargetFields() throws IOException {
        List<String> documented = table("Target field").stream()
                .map(row -> String.join(" | ", row.get(0), row.get(1), row.get(2)))
                .toList();
        List<String> fields = MonitorTargetFields.FIELDS.stream()
                .map(field -> String.join(" | ", field.name(), field.defaultText(), field.description()))
                .toList();

        assertThat(documented)
                .as("rows of the monitor targets table in %s (field | default | description)", DOC)
                .containsExactlyElementsOf(fields);
    }

    @Test
    void viewsTableMatchesTheViewFields() throws IOException {
        List<String> documented = table("View field").stream()
                .map(row -> String.join(" | ", row.get(0), row.get(1), row.get(2)))
                .toList();
        List<String> fields = ViewFields.FIELDS.stream()
                .map(field -> String.join(" | ", field.name(), field.defaultText(), field.description()))
                .toList();

        assertThat(documented)
                .as("rows of the views table in %s (field | default | description)", DOC)
                .containsExactlyElementsOf(fields);
    }

    @Test
    void upstreamsTableMatchesTheUpstreamFields() throws IOException {
        Path gateway = Path.of("..", "docs", "gateway.md");
        List<String> documented = table(gateway, "Upstream field").stream()
                .map(row -> String.join(" | ", row.get(0), row.get(1), row.get(2)))
                .toList();
        List<String> fields = UpstreamFields.FIELDS.stream()
                .map(field -> String.join(" | ", field.name(), field.defaultText(), field.description()))
                .toList();

        assertThat(documented)
                .as("rows of the upstreams table in %s (field | default | description)", gateway)
                .containsExactlyElementsOf(fields);
    }

    @Test
    void launcherTableMatchesTheLauncherOptions() throws IOException {
        List<String> documented = table("Flag").stream()
                .map(row -> row.get(0).split(" ")[0] + " | " + row.get(1))
                .toList();
        List<String> expected = Arrays.stream(LauncherOption.values())
                .map(option -> option.flag() + " | " + option.envVar().orElse("none"))
                .toList();

        assertThat(documented)
                .as("rows of the launcher options table in %s (flag | env var)", DOC)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * The body rows of the table whose header's first cell is {@code firstHeader}, each cell trimmed and stripped
     * of the backticks that mark code.
     */
    private static List<List<String>> table(String firstHeader) throws IOException {
        return table(DOC, firstHeader);
    }

    /** The body rows of the table of {@code doc} whose header's first cell is {@code firstHeader}. */
    private static List<List<String>> table(Path doc, String firstHeader) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                inTable = cells.get(0).equals(firstHeader);
                continue;
            }
            if (!cells.get(0).matches("-+")) {
                rows.add(cells);
            }
        }
        assertThat(inTable)
                .as("%s has a table whose first column is '%s'", doc, firstHeader)
                .isTrue();
        return rows;
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1))
                .map(cell -> cell.replace("`", "").strip())
                .toList();
    }
}
